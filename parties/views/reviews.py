"""Pages of reviews: record one, correct one, every review, and the parties due for one."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render

from parties.filters.reviews import ReviewDueFilter, ReviewFilter, with_default_window
from parties.forms.reviews import ReviewCorrectionForm, ReviewForm
from parties.models import Party, Review
from parties.selectors import reviews as review_selectors
from parties.services import register, reviews
from relmgmt.core.access import org_view
from relmgmt.core.dates import organization_today
from relmgmt.core.forms import ReasonForm, apply_service_errors
from relmgmt.core.htmx import render_page_or_fragment
from relmgmt.core.pagination import paginate
from relmgmt.tenancy.selectors import member_users


@org_view(read="records.view")
def review_list(request):
    found = ReviewFilter(
        request.GET,
        queryset=review_selectors.reviews(organization=request.organization),
        request=request,
    )
    context = {"filter": found, "page": paginate(request, found.qs)}
    return render_page_or_fragment(request, "parties/review_list.html", "results", context)


@org_view(read="records.view")
def review_due_list(request):
    found = ReviewDueFilter(
        with_default_window(request.GET),
        queryset=review_selectors.parties_due_for_review(organization=request.organization),
        request=request,
    )
    context = {"filter": found, "page": paginate(request, found.qs)}
    return render_page_or_fragment(request, "parties/review_due_list.html", "results", context)


@org_view(read="records.change", write="records.change")
def review_create(request, pk):
    organization = request.organization
    party = get_object_or_404(Party.objects.select_related("owner"), pk=pk)
    initial = {"reviewed_on": organization_today(organization)}
    if member_users(organization=organization).filter(pk=request.user.pk).exists():
        initial["reviewer"] = request.user.pk
    form = ReviewForm(
        request.POST or None,
        initial=initial,
        organization=organization,
        cadence_months=register.cadence_months(party),
    )
    if request.method == "POST" and form.is_valid():
        try:
            reviews.review_create(
                organization=organization,
                actor=request.user,
                party=party,
                data=form.service_data(),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            party.refresh_from_db()
            messages.success(
                request,
                f"The review is recorded. The next review of {party.name} is due on "
                f"{party.next_review_due:%Y-%m-%d}.",
            )
            return redirect("parties:party_detail", org_slug=organization.slug, pk=party.pk)
    return render(request, "parties/review_form.html", {"form": form, "party": party})


@org_view(read="records.change", write="records.change")
def review_edit(request, pk):
    organization = request.organization
    review = get_object_or_404(Review.objects.select_related("party"), pk=pk)
    form = ReviewCorrectionForm(request.POST or None, instance=review, organization=organization)
    reason_form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and reason_form.is_valid():
        try:
            reviews.review_update(
                organization=organization,
                actor=request.user,
                review=review,
                data=form.cleaned_data,
                reason=reason_form.cleaned_data["reason"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Saved.")
            return redirect("parties:party_detail", org_slug=organization.slug, pk=review.party_id)
    context = {"form": form, "reason_form": reason_form, "party": review.party, "review": review}
    return render(request, "parties/review_form.html", context)
