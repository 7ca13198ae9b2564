"""``{% tile entry %}``: a card an app registered (a home tile or a portal panel), drawn
with its own template and the data its ``context`` gives for this request."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def tile(context, entry) -> str:
    data = entry.context(context["request"]) if entry.context is not None else {}
    with context.push(**data):
        return context.template.engine.get_template(entry.template).render(context)
