"""The links other apps add to a record's page (``extensions.record_links``), read on their
own once the page has loaded: each app's links cost their own queries."""

from django.apps import apps
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from relmgmt.core import extensions
from relmgmt.core.access import org_view
from relmgmt.core.templatetags.record_links import links_for


@org_view(read="records.view")
def record_links_panel(request, model_label, pk):
    label = model_label.lower()
    if not any(entry.model_label == label for entry in extensions.record_links):
        raise Http404
    model = apps.get_model(label)
    record = get_object_or_404(
        model._default_manager.filter(organization=request.organization), pk=pk
    )
    return render(request, "includes/record_links.html", {"links": links_for(request, record)})
