"""Pages of the interaction log and its follow-up actions. Thin: parse, call, render."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from parties.filters.interactions import FollowUpFilter, InteractionFilter
from parties.forms.interactions import FollowUpForm, InteractionForm
from parties.models import FollowUp, Interaction, Party
from parties.selectors import interactions as interaction_selectors
from parties.services import interactions as services
from relmgmt import policy
from relmgmt.core.access import org_view
from relmgmt.core.forms import ReasonForm, apply_service_errors
from relmgmt.core.htmx import render_page_or_fragment
from relmgmt.core.pagination import paginate


@org_view(read="records.view")
def interaction_list(request):
    interactions = InteractionFilter(
        request.GET,
        queryset=interaction_selectors.interactions(organization=request.organization),
        request=request,
    )
    # Interactions, their participants and follow-ups are audited records: the count is
    # remembered while the trail stays.
    page = paginate(request, interactions.qs, records_of=request.organization)
    context = {"filter": interactions, "page": page}
    return render_page_or_fragment(request, "parties/interaction_list.html", "results", context)


@org_view(read="records.view")
def interaction_detail(request, pk):
    organization = request.organization
    interaction = get_object_or_404(
        interaction_selectors.interactions(organization=organization), pk=pk
    )
    context = {
        "interaction": interaction,
        "party": interaction.party,
        "follow_ups": interaction_selectors.follow_ups(organization=organization).filter(
            interaction=interaction
        ),
        "can_change": policy.can(request.membership, "records.change"),
    }
    return render(request, "parties/interaction_detail.html", context)


@org_view(read="records.change", write="records.change")
def interaction_create(request, pk):
    organization = request.organization
    party = get_object_or_404(Party.objects, pk=pk)
    form = InteractionForm(request.POST or None, organization=organization, party=party)
    if request.method == "POST" and form.is_valid():
        try:
            interaction = services.interaction_create(
                organization=organization, actor=request.user, party=party, data=form.cleaned_data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "The interaction is logged. Add the follow-up actions.")
            return redirect(
                "parties:interaction_detail", org_slug=organization.slug, pk=interaction.pk
            )
    return render(request, "parties/interaction_form.html", {"form": form, "party": party})


@org_view(read="records.change", write="records.change")
def interaction_edit(request, pk):
    organization = request.organization
    interaction = get_object_or_404(Interaction.objects.select_related("party"), pk=pk)
    form = InteractionForm(
        request.POST or None,
        instance=interaction,
        organization=organization,
        party=interaction.party,
    )
    reason_form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and reason_form.is_valid():
        try:
            services.interaction_update(
                organization=organization,
                actor=request.user,
                interaction=interaction,
                data=form.cleaned_data,
                reason=reason_form.cleaned_data["reason"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Saved.")
            return redirect(
                "parties:interaction_detail", org_slug=organization.slug, pk=interaction.pk
            )
    context = {
        "form": form,
        "reason_form": reason_form,
        "party": interaction.party,
        "interaction": interaction,
    }
    return render(request, "parties/interaction_form.html", context)


@org_view(read="records.view")
def follow_up_list(request):
    queryset = interaction_selectors.follow_ups(organization=request.organization)
    follow_ups = FollowUpFilter(request.GET, queryset=queryset, request=request)
    context = {
        "filter": follow_ups,
        "page": paginate(request, follow_ups.qs),
        "can_change": policy.can(request.membership, "records.change"),
    }
    return render_page_or_fragment(request, "parties/follow_up_list.html", "results", context)


@org_view(read="records.change", write="records.change")
def follow_up_create(request, pk):
    organization = request.organization
    interaction = get_object_or_404(Interaction.objects.select_related("party"), pk=pk)
    form = FollowUpForm(request.POST or None, organization=organization)
    if request.method == "POST" and form.is_valid():
        try:
            services.follow_up_create(
                organization=organization,
                actor=request.user,
                interaction=interaction,
                data=form.cleaned_data,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "The action is recorded; its owner will be reminded.")
            return redirect(
                "parties:interaction_detail", org_slug=organization.slug, pk=interaction.pk
            )
    context = {"form": form, "interaction": interaction, "party": interaction.party}
    return render(request, "parties/follow_up_form.html", context)


@org_view(read="records.change", write="records.change")
def follow_up_edit(request, pk):
    organization = request.organization
    follow_up = get_object_or_404(FollowUp.objects.select_related("interaction__party"), pk=pk)
    form = FollowUpForm(request.POST or None, instance=follow_up, organization=organization)
    reason_form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and reason_form.is_valid():
        try:
            services.follow_up_update(
                organization=organization,
                actor=request.user,
                follow_up=follow_up,
                data=form.cleaned_data,
                reason=reason_form.cleaned_data["reason"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Saved.")
            return redirect(
                "parties:interaction_detail",
                org_slug=organization.slug,
                pk=follow_up.interaction_id,
            )
    context = {
        "form": form,
        "reason_form": reason_form,
        "follow_up": follow_up,
        "interaction": follow_up.interaction,
        "party": follow_up.interaction.party,
    }
    return render(request, "parties/follow_up_form.html", context)


@org_view(read="records.change", write="records.change")
def follow_up_done(request, pk):
    """Mark an action done (``done=1``, its reminders stop) or open again (``done=0``)."""
    organization = request.organization
    follow_up = get_object_or_404(FollowUp.objects, pk=pk)
    if request.method != "POST" or request.POST.get("done") not in {"0", "1"}:
        return redirect(
            "parties:interaction_detail", org_slug=organization.slug, pk=follow_up.interaction_id
        )
    done = request.POST["done"] == "1"
    services.follow_up_set_done(
        organization=organization, actor=request.user, follow_up=follow_up, done=done
    )
    messages.success(request, "Marked done." if done else "Open again; its owner will be reminded.")
    next_url = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        return redirect(next_url)
    return redirect(
        "parties:interaction_detail", org_slug=organization.slug, pk=follow_up.interaction_id
    )
