"""Pages of the register: the list, a party, and its needs. Thin: parse, call, render."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render

from parties.filters.register import PartyFilter
from parties.forms.register import NeedForm, PartyForm
from parties.models import Need, Party
from parties.selectors import as_of as as_of_selectors
from parties.selectors import contacts as contact_selectors
from parties.selectors import interactions as interaction_selectors
from parties.selectors import plans as plan_selectors
from parties.selectors import register as party_selectors
from parties.selectors import reviews as review_selectors
from parties.selectors import risks as risk_selectors
from parties.services import register as services
from relmgmt import policy
from relmgmt.core.access import org_view
from relmgmt.core.as_of import as_of_day
from relmgmt.core.exports import Column, ListExport, export_as_of_response, export_response
from relmgmt.core.forms import ReasonForm, apply_service_errors
from relmgmt.core.htmx import render_page_or_fragment
from relmgmt.core.pagination import paginate

# The parts of a party's page below its profile, in order; each area adds its own. The page
# reads the first ones itself; the others, each its own queries, come when they scroll into
# view (``party_section``), so the page costs the same whatever the party's records.
PARTY_SECTIONS = [
    "parties/detail/needs.html",
    "parties/detail/contacts.html",
    "parties/detail/interactions.html",
    "parties/detail/reviews.html",
    "parties/detail/risks.html",
    "parties/detail/plan.html",
]
# The party page shows its latest interactions and reviews; their lists have the rest.
LATEST_INTERACTIONS = 10
RECENT_REVIEWS = 5


def _interactions_section(organization, party: Party) -> dict:
    interactions = interaction_selectors.interactions(organization=organization, party=party)
    return {"interactions": interactions[:LATEST_INTERACTIONS]}


def _reviews_section(organization, party: Party) -> dict:
    reviews = review_selectors.reviews(organization=organization, party=party)
    # One more than shown, to know whether to link to the rest.
    return {"reviews": list(reviews[: RECENT_REVIEWS + 1]), "recent_reviews": RECENT_REVIEWS}


def _plan_section(organization, party: Party) -> dict:
    return {"plan": plan_selectors.plan_of_party(organization=organization, party=party)}


@dataclass(frozen=True)
class LazySection:
    """A section read on its own: its heading, its reads, and the list (filtered to the
    party) that stands in for it until it is read, or without JavaScript."""

    title: str
    read: Callable[[Any, Party], dict]
    list_url_name: str = ""


# The sections read on their own, by their name in ``party_section``'s address.
LAZY_PARTY_SECTIONS = {
    "interactions": LazySection("Interactions", _interactions_section, "parties:interaction_list"),
    "reviews": LazySection("Reviews", _reviews_section, "parties:review_list"),
    "plan": LazySection("Relationship plan", _plan_section),
}


def _with_owners_and_needs(organization, parties: list[Party]) -> None:
    needs = Need.objects.filter(organization=organization).order_by("id")
    prefetch_related_objects(parties, "owner", Prefetch("needs", queryset=needs))


def _needs_text(party: Party) -> str:
    return _needs_lines(party.needs.all())


def _needs_lines(needs) -> str:
    """One line per need: what it is, its status, whether the QMS must answer it, and how
    it is monitored."""
    lines = []
    for need in needs:
        details = [need.get_status_display()]
        if need.qms_relevant:
            details.append("relevant to the QMS")
        if need.monitoring:
            details.append(f"monitored: {need.monitoring}")
        lines.append(f"{need.description} ({'; '.join(details)})")
    return "\n".join(lines)


# The party list and its export. The columns are the import's headers, so an export can be
# changed and imported again (the import leaves needs and the effective cadence alone). The
# party's own cadence stays empty when its tier's default applies, so a round trip does not
# pin the default on the party; the effective cadence is the one its page shows.
PARTY_EXPORT = ListExport(
    name="parties",
    sheet="Parties",
    filterset=PartyFilter,
    queryset=party_selectors.party_list,
    prepare=_with_owners_and_needs,
    columns=[
        Column("name", lambda party: party.name),
        Column("types", lambda party: ", ".join(party.types)),
        Column("tier", lambda party: party.tier),
        Column("status", lambda party: party.status),
        Column("owner_email", lambda party: party.owner.email if party.owner else ""),
        Column("influence", lambda party: party.influence),
        Column("interest", lambda party: party.interest),
        Column("tags", lambda party: ", ".join(party.tags)),
        Column("description", lambda party: party.description),
        Column("website", lambda party: party.website),
        Column("address", lambda party: party.address),
        Column("review_cadence_months", lambda party: party.review_cadence_months or ""),
        Column("effective_review_cadence_months", services.cadence_months),
        Column("next_review_due", lambda party: party.next_review_due),
        Column("needs", _needs_text),
    ],
)
# As of a past day the needs are those the party had then.
PARTY_AS_OF_COLUMNS = [
    Column("needs", lambda party: _needs_lines(party.needs_then))
    if column.label == "needs"
    else column
    for column in PARTY_EXPORT.columns
]


@org_view(read=PARTY_EXPORT.permission)
def party_export(request, fmt):
    """The party list as filtered, or as it stood at the end of ``?as_of=``, as CSV or XLSX."""
    form, day = as_of_day(request)
    if form.errors:
        return HttpResponseBadRequest(" ".join(form.errors["as_of"]))
    if day is None:
        return export_response(request, PARTY_EXPORT, fmt)
    parties = as_of_selectors.party_register_as_of(organization=request.organization, day=day)
    return export_as_of_response(
        request, PARTY_EXPORT, fmt, parties, day=day, columns=PARTY_AS_OF_COLUMNS
    )


@org_view(read="records.view")
def party_list(request):
    as_of_form, day = as_of_day(request)
    if day is not None:
        return _party_list_as_of(request, as_of_form, day)
    parties = PARTY_EXPORT.filter(request)
    page = paginate(
        request,
        parties.qs,
        records_of=request.organization,
        columns=party_selectors.PARTY_LIST_COLUMNS,
        rows_from=parties.queryset,
        moment="",
    )
    context = {"filter": parties, "page": page, "as_of_form": as_of_form}
    return render_page_or_fragment(request, "parties/party_list.html", "results", context)


def _party_list_as_of(request, as_of_form, day):
    """The register as it stood at the end of a past day (from the audit trail)."""
    parties = as_of_selectors.party_register_as_of(organization=request.organization, day=day)
    page = paginate(request, [as_of_selectors.party_row(party) for party in parties])
    context = {"page": page, "as_of_form": as_of_form, "day": day}
    return render(request, "parties/party_list_as_of.html", context)


@org_view(read="records.change", write="records.change")
def party_create(request):
    organization = request.organization
    form = PartyForm(request.POST or None, organization=organization)
    if request.method == "POST" and form.is_valid():
        try:
            party = services.party_create(
                organization=organization, actor=request.user, data=form.service_data()
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"{party.name} is in the register.")
            return redirect("parties:party_detail", org_slug=organization.slug, pk=party.pk)
    return render(request, "parties/party_form.html", {"form": form})


@org_view(read="records.view")
def party_detail(request, pk):
    organization = request.organization
    party = get_object_or_404(party_selectors.parties(organization=organization), pk=pk)
    context = {
        "party": party,
        "record": party,
        "can_change": policy.can(request.membership, "records.change"),
        "cadence_months": services.cadence_months(party),
        "needs": party_selectors.needs(organization=organization, party=party),
        "contacts": contact_selectors.contacts(organization=organization, party=party),
        "risks": risk_selectors.risks(organization=organization, party=party),
        "sections": [
            {
                "template": template,
                "name": _section_name(template),
                "lazy": LAZY_PARTY_SECTIONS.get(_section_name(template)),
            }
            for template in PARTY_SECTIONS
        ],
    }
    return render(request, "parties/party_detail.html", context)


def _section_name(template: str) -> str:
    return template.rsplit("/", 1)[-1].removesuffix(".html")


@org_view(read="records.view")
def party_section(request, pk, section):
    """One section of a party's page (its interactions, reviews or plan), read when it
    scrolls into view."""
    lazy = LAZY_PARTY_SECTIONS.get(section)
    if lazy is None:
        raise Http404
    organization = request.organization
    party = get_object_or_404(party_selectors.parties(organization=organization), pk=pk)
    context = {
        "party": party,
        "can_change": policy.can(request.membership, "records.change"),
        **lazy.read(organization, party),
    }
    return render(request, f"parties/detail/{section}.html", context)


@org_view(read="records.change", write="records.change")
def party_edit(request, pk):
    organization = request.organization
    party = get_object_or_404(Party.objects, pk=pk)
    form = PartyForm(request.POST or None, instance=party, organization=organization)
    reason_form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and reason_form.is_valid():
        try:
            services.party_update(
                organization=organization,
                actor=request.user,
                party=party,
                data=form.service_data(),
                reason=reason_form.cleaned_data["reason"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Saved.")
            return redirect("parties:party_detail", org_slug=organization.slug, pk=party.pk)
    return render(
        request,
        "parties/party_form.html",
        {"form": form, "reason_form": reason_form, "party": party},
    )


@org_view(read="records.change", write="records.change")
def need_create(request, pk):
    organization = request.organization
    party = get_object_or_404(Party.objects, pk=pk)
    form = NeedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.need_create(
                organization=organization, actor=request.user, party=party, data=form.cleaned_data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "The need is recorded.")
            return redirect("parties:party_detail", org_slug=organization.slug, pk=party.pk)
    return render(request, "parties/need_form.html", {"form": form, "party": party})


@org_view(read="records.change", write="records.change")
def need_edit(request, pk):
    organization = request.organization
    need = get_object_or_404(Need.objects.select_related("party"), pk=pk)
    form = NeedForm(request.POST or None, instance=need)
    reason_form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and reason_form.is_valid():
        try:
            services.need_update(
                organization=organization,
                actor=request.user,
                need=need,
                data=form.cleaned_data,
                reason=reason_form.cleaned_data["reason"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Saved.")
            return redirect("parties:party_detail", org_slug=organization.slug, pk=need.party_id)
    context = {"form": form, "reason_form": reason_form, "party": need.party, "need": need}
    return render(request, "parties/need_form.html", context)
