"""Filter controls, sortable column headers and pagination links for list pages. Links keep
every other parameter of the request, so a filtered, sorted list survives paging and works
without JavaScript; htmx only makes the same links swap the results in place."""

from django import forms, template
from django.forms.utils import flatatt
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django_filters.widgets import BooleanWidget

from relmgmt.core.html import escaped, format_html
from relmgmt.core.remembered import remembered, this_minute

register = template.Library()

SELECTED = " selected"
# Model choices up to this many are read in one query (see _choices).
FEW_CHOICES = 500
# The option a BooleanWidget selects for a bound value (as its ``render`` maps it).
BOOLEAN_VALUES = {True: "true", False: "false", "1": "true", "0": "false"}
# A record chosen by name is offered from a menu up to this many (see _menu).
MENU_LIMIT = 1000


@register.simple_tag(takes_context=True)
def sort_header(context, key: str, label: str, parameter: str = "o"):
    request = context["request"]
    current = request.GET.get(parameter, "")
    if current == key:
        target, state, arrow = f"-{key}", "ascending", " ▲"
    elif current == f"-{key}":
        target, state, arrow = key, "descending", " ▼"
    else:
        target, state, arrow = key, "none", ""
    query = request.GET.copy()
    query[parameter] = target
    query.pop("page", None)
    return format_html(
        '<th scope="col" aria-sort="{}"><a href="?{}">{}{}</a></th>',
        state,
        query.urlencode(),
        label,
        arrow,
    )


@register.simple_tag(takes_context=True)
def page_url(context, number: int) -> str:
    query = context["request"].GET.copy()
    query["page"] = number
    return f"?{query.urlencode()}"


@register.simple_tag
def filter_controls(form, skip: str = "o"):
    """Each filter of a list in its label, but ``skip``: by default the ordering, which the
    column headers set."""
    return mark_safe(  # noqa: S308 (each label is escaped by format_html)
        "".join(
            format_html(
                '<label for="{}">{}{}{}</label>',
                field.auto_id,
                field.label,
                filter_control(field),
                field.errors or "",
            )
            for field in form
            if field.name != skip
        )
    )


@register.simple_tag
def filter_control(bound_field):
    """A list filter's control, rendered directly rather than through the widget templates:
    lists are the most visited pages, and a select of members renders in microseconds this
    way instead of milliseconds. Text inputs and single selects; anything else as Django
    renders it."""
    field = bound_field.field
    name, widget_id = bound_field.html_name, bound_field.auto_id
    value = bound_field.value()
    if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.MultipleChoiceField):
        current = "" if value is None else str(value)
        choices, too_many = _menu(field, current)
        options = _options(choices, current)
        control = format_html('<select name="{}" id="{}">{}</select>', name, widget_id, options)
        if too_many:
            return format_html(
                '{}<small class="muted">Too many to list here (over {}).</small>',
                control,
                f"{MENU_LIMIT:,}",
            )
        return control
    if isinstance(field, forms.CharField):
        return format_html(
            '<input type="search" name="{}" id="{}" value="{}">', name, widget_id, value or ""
        )
    widget = field.widget
    if isinstance(widget, BooleanWidget):
        current = BOOLEAN_VALUES.get(value, "")
        options = _options(widget.choices, current)
        return format_html('<select name="{}" id="{}">{}</select>', name, widget_id, options)
    if isinstance(widget, forms.widgets.Input) and not isinstance(widget, forms.FileInput):
        # What Django's input template writes, without the template engine.
        attrs = bound_field.build_widget_attrs({"id": widget_id} if widget_id else {})
        context = widget.get_context(name, value, attrs)["widget"]
        shown = context["value"]
        return format_html(
            '<input type="{}" name="{}"{}{}>',
            context["type"],
            name,
            format_html(' value="{}"', shown) if shown is not None else "",
            flatatt(context["attrs"]),
        )
    return str(bound_field)


def _options(choices, current: str) -> SafeString:
    """The options of a menu, each key and label escaped: written out directly, since a
    menu of a thousand parties through ``format_html`` took several milliseconds."""
    return mark_safe(  # noqa: S308 (every key and label is escaped)
        "".join(
            [
                f'<option value="{escaped(key)}"{SELECTED if str(key) == current else ""}>'
                f"{escaped(label)}</option>"
                for key, label in choices
            ]
        )
    )


def _menu(field, current: str) -> tuple[list, bool]:
    """A filter's options, and whether there were too many to list. A record chosen by
    name (``NamedModelChoiceField``) from a register longer than MENU_LIMIT offers only the
    record chosen (a link from the record's page keeps working): a menu of thousands is
    unusable, and building it was most of a list page's time.

    The menu of a filter on the organisation's records or members (``menu_of``, set by
    ``relmgmt.core.filtersets``) is remembered while they stay as they are, and for the
    minute at most: a membership ends at its moment, without a change of a record."""
    menu_of = getattr(field, "menu_of", None)
    if menu_of is None:
        return _menu_read(field, current)
    organization, name = menu_of
    chosen = current if current.isdigit() else ""  # what a menu too long to list reads
    return remembered(
        f"list-menu:{name}:{chosen[:20]}",
        organization,
        lambda: _menu_read(field, current),
        moment=this_minute(),
    )


def _menu_read(field, current: str) -> tuple[list, bool]:
    label_field = getattr(field, "label_field", None)
    if label_field is None:
        return list(_choices(field)), False
    labelled = _labelled(field.queryset, label_field)
    few = list(labelled[: MENU_LIMIT + 1])
    if len(few) <= MENU_LIMIT:
        return [("", field.empty_label), *few] if field.empty_label is not None else few, False
    chosen = list(labelled.filter(pk=current)) if current.isdigit() else []
    return [("", field.empty_label or "Any"), *chosen], True


def _labelled(queryset, label_field):
    if isinstance(label_field, str):
        return queryset.order_by(label_field, "pk").values_list("pk", label_field)
    return (
        queryset.annotate(choice_label=label_field)
        .order_by("choice_label", "pk")
        .values_list("pk", "choice_label")
    )


def _choices(field):
    if not isinstance(field, forms.ModelChoiceField):
        yield from _flat_choices(field.choices)
        return
    # Django reads model choices through a server-side cursor on PostgreSQL, which costs
    # round trips that a few hundred rows do not need: those are read in one go.
    few = list(field.queryset[: FEW_CHOICES + 1])
    objects = few if len(few) <= FEW_CHOICES else field.queryset.iterator()
    if field.empty_label is not None:
        yield "", field.empty_label
    for obj in objects:
        yield field.prepare_value(obj), field.label_from_instance(obj)


def _flat_choices(choices):
    for key, label in choices:
        if isinstance(label, list | tuple):
            yield from _flat_choices(label)
        else:
            yield ("" if key is None else getattr(key, "value", key)), label


@register.simple_tag(takes_context=True)
def export_links(context, url_name: str, noun: str = "this list"):
    """Links to the list's export (``url_name``, with a ``fmt`` argument) as CSV and XLSX,
    carrying the request's filters and sort (not its page). Placed inside the fragment htmx
    swaps, so the links follow every change of the filters."""
    request = context["request"]
    query = request.GET.copy()
    query.pop("page", None)
    suffix = f"?{query.urlencode()}" if query else ""
    slug = request.organization.slug
    links = [
        format_html(
            '<a href="{}{}" hx-boost="false" download data-export="{}">{}</a>',
            reverse(url_name, kwargs={"org_slug": slug, "fmt": fmt}),
            suffix,
            fmt,
            label,
        )
        for fmt, label in (("csv", "CSV"), ("xlsx", "Excel (XLSX)"))
    ]
    return format_html(
        '<p class="muted export-links">Export {}{}, every page: {}</p>',
        noun,
        " as filtered" if any(key != "o" for key in query) else "",
        mark_safe(" · ".join(links)),  # noqa: S308 (each link is escaped by format_html)
    )
