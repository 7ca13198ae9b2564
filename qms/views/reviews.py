"""Pages of the management review (ISO 9001 9.3). Thin: parse, call, render."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from qms.forms.reviews import ActionForm, ApproveForm, ReviewForm, ReviewRecordForm
from qms.models import ManagementReviewAction
from qms.review_pdf import render_review_pdf
from qms.selectors import packs as pack_selectors
from qms.selectors import reviews as selectors
from qms.services import reviews as services
from relmgmt import policy
from relmgmt.core.access import org_view
from relmgmt.core.dates import organization_today
from relmgmt.core.files import attachment_response
from relmgmt.core.forms import apply_service_errors


def _review(request, pk):
    return get_object_or_404(
        selectors.reviews(organization=request.organization).select_related(
            "organization", "signature"
        ),
        pk=pk,
    )


@org_view(read="records.view")
def review_list(request):
    reviews = selectors.reviews(organization=request.organization)
    return render(request, "qms/review_list.html", {"reviews": reviews})


@org_view(read="records.change", write="records.change")
def review_create(request):
    organization = request.organization
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            review = services.review_create(
                organization=organization, actor=request.user, data=form.cleaned_data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"{review.title} is in preparation.")
            return redirect("qms:review_detail", org_slug=organization.slug, pk=review.pk)
    return render(request, "qms/review_form.html", {"form": form})


@org_view(read="records.view", write="records.change")
def review_detail(request, pk):
    """The review's pack: its inputs (live while in preparation, frozen once held), what
    was entered, its outputs and actions; writers record the review here."""
    organization = request.organization
    review = _review(request, pk)
    form = ReviewRecordForm(request.POST or None, review=review)
    if request.method == "POST" and form.is_valid():
        try:
            services.review_update(
                organization=organization,
                actor=request.user,
                review=review,
                data=form.service_data(),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "The review is saved.")
            return redirect("qms:review_detail", org_slug=organization.slug, pk=review.pk)
    writer = policy.can(request.membership, "records.change")
    context = {
        "review": review,
        "sections": selectors.inputs_of(review),
        "actions": selectors.actions_of(review),
        "form": form if writer and review.status != review.Status.APPROVED else None,
        "action_form": ActionForm(organization=organization)
        if writer and review.status != review.Status.APPROVED
        else None,
        "approve_form": ApproveForm() if writer and review.status == review.Status.HELD else None,
        "today": organization_today(organization),
        "pack_in_background": pack_selectors.review_pack_in_background(organization=organization),
    }
    return render(request, "qms/review_detail.html", context)


@require_POST
@org_view(read="records.change", write="records.change")
def review_hold(request, pk):
    review = _review(request, pk)
    try:
        services.review_hold(organization=request.organization, actor=request.user, review=review)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "The review is held: its figures are frozen as they stand.")
    return redirect("qms:review_detail", org_slug=request.organization.slug, pk=review.pk)


@require_POST
@org_view(read="records.change", write="records.change")
def review_approve(request, pk):
    review = _review(request, pk)
    form = ApproveForm(request.POST)
    password = form.cleaned_data["password"] if form.is_valid() else ""
    try:
        services.review_approve(
            organization=request.organization,
            actor=request.user,
            review=review,
            password=password,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "The minutes are approved and signed.")
    return redirect("qms:review_detail", org_slug=request.organization.slug, pk=review.pk)


@require_POST
@org_view(read="records.change", write="records.change")
def review_action_add(request, pk):
    organization = request.organization
    review = _review(request, pk)
    form = ActionForm(request.POST, organization=organization)
    if form.is_valid():
        try:
            services.action_add(
                organization=organization, actor=request.user, review=review, **form.cleaned_data
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "The action is added; its owner will be reminded.")
    else:
        messages.error(
            request, " ".join(f"{field}: {' '.join(errs)}" for field, errs in form.errors.items())
        )
    return redirect("qms:review_detail", org_slug=organization.slug, pk=review.pk)


@require_POST
@org_view(read="records.change", write="records.change")
def review_action_done(request, pk):
    organization = request.organization
    action = get_object_or_404(
        ManagementReviewAction.objects.filter(organization=organization), pk=pk
    )
    services.action_done(
        organization=organization,
        actor=request.user,
        action=action,
        done_on=organization_today(organization),
    )
    messages.success(request, "The action is done.")
    return redirect("qms:review_detail", org_slug=organization.slug, pk=action.review_id)


@org_view(read="evidence.export")
def review_pdf(request, pk):
    review = _review(request, pk)
    if pack_selectors.review_pack_in_background(organization=request.organization):
        messages.info(request, "This organisation's pack is built in the background: build it.")
        return redirect("qms:review_detail", org_slug=request.organization.slug, pk=review.pk)
    content = render_review_pdf(
        review=review,
        sections=selectors.inputs_of(review),
        actions=list(selectors.actions_of(review)),
        generated_at=timezone.now(),
    )
    return attachment_response(
        content, filename=f"management-review-{review.pk}.pdf", content_type="application/pdf"
    )
