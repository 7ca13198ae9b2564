"""Pages of performance reviews: the list, record one for a supplier, see and change one,
and close or reopen an action. Thin: parse, call a service or selector, render."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render

from relmgmt import policy
from relmgmt.core.access import org_view
from relmgmt.core.dates import organization_today
from relmgmt.core.forms import ReasonForm, apply_service_errors
from relmgmt.core.htmx import render_page_or_fragment
from relmgmt.core.pagination import paginate
from suppliers.filters.performance_reviews import PerformanceReviewFilter
from suppliers.forms.performance_reviews import (
    ActionFormSet,
    PerformanceReviewForm,
    owner_choices_of,
    rows_of,
)
from suppliers.selectors import performance_reviews as performance_review_selectors
from suppliers.selectors import register as register_selectors
from suppliers.services import performance_reviews as services


@org_view(read="records.view")
def performance_review_list(request):
    found = PerformanceReviewFilter(
        request.GET,
        queryset=performance_review_selectors.performance_reviews(
            organization=request.organization
        ),
        request=request,
    )
    context = {"filter": found, "page": paginate(request, found.qs)}
    return render_page_or_fragment(
        request, "suppliers/reviews/performance_review_list.html", "results", context
    )


def _review(request, pk):
    return get_object_or_404(
        performance_review_selectors.performance_reviews_full(organization=request.organization),
        pk=pk,
    )


@org_view(read="records.view")
def performance_review_detail(request, pk):
    review = _review(request, pk)
    context = {
        "review": review,
        "record": review,
        "supplier": review.supplier,
        "today": organization_today(request.organization),
        "can_change": policy.can(request.membership, "records.change"),
    }
    return render(request, "suppliers/reviews/performance_review_detail.html", context)


def _action_initial(review) -> list[dict]:
    return [
        {"id": a.pk, "description": a.description, "owner": a.owner_id, "due_on": a.due_on}
        for a in review.actions.all()
    ]


def _form_page(request, supplier, review=None):
    organization = request.organization
    post = request.POST if request.method == "POST" else None
    form = PerformanceReviewForm(
        post,
        instance=review,
        initial=None if review else {"held_on": organization_today(organization)},
        organization=organization,
        supplier=supplier,
    )
    actions = ActionFormSet(
        post,
        prefix="actions",
        initial=_action_initial(review) if review else None,
        form_kwargs={"organization": organization, "owner_choices": owner_choices_of(organization)},
    )
    reason_form = ReasonForm(post) if review else None
    valid = post is not None and all(
        part.is_valid() for part in (form, actions, reason_form) if part is not None
    )
    if valid:
        data = {**form.service_data(), "actions": rows_of(actions)}
        try:
            if review:
                review = services.performance_review_update(
                    organization=organization,
                    actor=request.user,
                    review=review,
                    data=data,
                    reason=reason_form.cleaned_data["reason"],
                )
            else:
                review = services.performance_review_create(
                    organization=organization, actor=request.user, supplier=supplier, data=data
                )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "The performance review is saved.")
            return redirect(
                "suppliers:performance_review_detail", org_slug=organization.slug, pk=review.pk
            )
    context = {
        "form": form,
        "actions": actions,
        "reason_form": reason_form,
        "supplier": supplier,
        "review": review,
    }
    return render(request, "suppliers/reviews/performance_review_form.html", context)


@org_view(read="records.change", write="records.change")
def performance_review_create(request, pk):
    supplier = get_object_or_404(
        register_selectors.suppliers(organization=request.organization), pk=pk
    )
    return _form_page(request, supplier)


@org_view(read="records.change", write="records.change")
def performance_review_edit(request, pk):
    review = _review(request, pk)
    return _form_page(request, review.supplier, review)


@org_view(read="records.change", write="records.change")
def review_action_done(request, pk):
    """Close an action (``done=1``, its reminders stop) or reopen it (``done=0``)."""
    organization = request.organization
    action = get_object_or_404(
        performance_review_selectors.review_actions(organization=organization), pk=pk
    )
    if request.method == "POST" and request.POST.get("done") in {"0", "1"}:
        done = request.POST["done"] == "1"
        services.review_action_set_done(
            organization=organization, actor=request.user, action=action, done=done
        )
        messages.success(request, "Closed." if done else "Open again; its owner will be reminded.")
    return redirect(
        "suppliers:performance_review_detail", org_slug=organization.slug, pk=action.review_id
    )
