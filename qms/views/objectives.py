"""Pages of the quality objectives (ISO 9001 6.2). Thin: parse, call, render."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from qms.forms.objectives import ObjectiveForm
from qms.selectors import objectives as selectors
from qms.services import objectives as services
from relmgmt.core.access import org_view
from relmgmt.core.forms import apply_service_errors
from relmgmt.core.pagination import paginate


@org_view(read="records.view")
def objective_list(request):
    """A page of objectives, each with its status measured from the data (a query or two
    each, so a page holds a bounded number)."""
    organization = request.organization
    page = paginate(
        request, selectors.objectives(organization=organization).select_related("organization")
    )
    found = selectors.statuses(organization=organization, queryset=page.object_list)
    return render(request, "qms/objective_list.html", {"statuses": found, "page": page})


@org_view(read="records.change", write="records.change")
def objective_create(request):
    return _edit(request, None)


@org_view(read="records.change", write="records.change")
def objective_edit(request, pk):
    objective = get_object_or_404(selectors.objectives(organization=request.organization), pk=pk)
    return _edit(request, objective)


def _edit(request, objective):
    organization = request.organization
    form = ObjectiveForm(request.POST or None, instance=objective, organization=organization)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            if objective is None:
                services.objective_create(organization=organization, actor=request.user, data=data)
            else:
                services.objective_update(
                    organization=organization, actor=request.user, objective=objective, data=data
                )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"The objective {data['title']} is saved.")
            return redirect("qms:objective_list", org_slug=organization.slug)
    return render(request, "qms/objective_form.html", {"form": form, "objective": objective})


@require_POST
@org_view(read="records.change", write="records.change")
def objective_delete(request, pk):
    objective = get_object_or_404(selectors.objectives(organization=request.organization), pk=pk)
    services.objective_delete(
        organization=request.organization, actor=request.user, objective=objective
    )
    messages.success(request, f"The objective {objective.title} is deleted.")
    return redirect("qms:objective_list", org_slug=request.organization.slug)
