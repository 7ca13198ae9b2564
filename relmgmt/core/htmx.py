from django.shortcuts import render


def render_page_or_fragment(request, template_name: str, fragment: str, context: dict):
    """The whole page for a normal request; only the named partial for an htmx request
    that targets it (history navigation asks for the whole page)."""
    htmx = getattr(request, "htmx", None)
    if htmx and not htmx.history_restore_request and not htmx.boosted:
        return render(request, f"{template_name}#{fragment}", context)
    return render(request, template_name, context)
