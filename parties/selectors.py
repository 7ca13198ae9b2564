"""Reads of the parties register that views and the API share. Each is given the
organisation and returns a queryset with what its page shows already joined."""

from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch, Q

from parties.models import (
    Contact,
    FollowUp,
    Interaction,
    Need,
    Party,
    PlanSection,
    PlanVersion,
    RelationshipPlan,
)
from relmgmt.policy import STAFF_ROLES
from relmgmt.tenancy.models import live_membership


def parties(*, organization):
    return Party.objects.filter(organization=organization).select_related("owner")


# The party list's columns: its rows are dictionaries of these (see
# parties.templatetags.party_tags), so the busiest page builds no model instances.
PARTY_LIST_COLUMNS = (
    *("name", "types", "tier", "status", "influence", "interest", "tags"),
    *("next_review_due", "owner__full_name", "owner__email"),
)


def party_list(*, organization):
    """Parties to list, filter and count: the page reads its rows' PARTY_LIST_COLUMNS."""
    return Party.objects.filter(organization=organization)


def party_detail(*, organization, pk: int) -> Party:
    return parties(organization=organization).get(pk=pk)


def needs(*, organization, party: Party | None = None):
    queryset = Need.objects.filter(organization=organization).select_related("party")
    if party is not None:
        queryset = queryset.filter(party=party)
    return queryset


def member_users(*, organization):
    """Users with a live membership (not portal users): who may own and review records.

    One join on the membership, which is unique per organisation and user; every list's
    owner filter asks for this, so it is kept cheaper to build than a subquery.
    """
    return (
        get_user_model()
        .objects.filter(
            live_membership("memberships__"),
            memberships__organization=organization,
            memberships__role__in=STAFF_ROLES,
        )
        .order_by("full_name", "email")
    )


def contacts(*, organization, party: Party | None = None):
    queryset = Contact.objects.filter(organization=organization).select_related("party")
    if party is not None:
        queryset = queryset.filter(party=party)
    return queryset


def interactions(*, organization, party: Party | None = None, contact: Contact | None = None):
    """Interactions with their party, participants and number of open follow-ups."""
    queryset = (
        Interaction.objects.filter(organization=organization)
        .select_related("party")
        .prefetch_related(
            Prefetch("contacts", queryset=Contact.objects.order_by("name")),
            Prefetch("members", queryset=get_user_model().objects.order_by("full_name", "email")),
        )
        .annotate(
            open_follow_ups=Count(
                "follow_ups", filter=Q(follow_ups__done_at__isnull=True), distinct=True
            )
        )
        .order_by("-occurred_on", "-id")  # Meta.ordering does not apply to aggregates
    )
    if party is not None:
        queryset = queryset.filter(party=party)
    if contact is not None:
        queryset = queryset.filter(contacts=contact)
    return queryset


def interaction_detail(*, organization, pk: int) -> Interaction:
    return (
        interactions(organization=organization)
        .prefetch_related(Prefetch("follow_ups", queryset=follow_ups(organization=organization)))
        .get(pk=pk)
    )


def follow_ups(*, organization):
    return FollowUp.objects.filter(organization=organization).select_related(
        "owner", "interaction__party"
    )


def contact_personal_data(*, organization, contact: Contact) -> dict:
    """Everything the register holds about one contact, for a subject access request."""
    taken_part = interactions(organization=organization, contact=contact).order_by("occurred_on")
    return {
        "contact": {
            "id": contact.pk,
            "party": contact.party.name,
            "name": contact.name,
            "job_title": contact.job_title,
            "email": contact.email,
            "phone": contact.phone,
            "preferred_channel": contact.preferred_channel,
            "created_at": contact.created_at,
            "updated_at": contact.updated_at,
            "erased_at": contact.erased_at,
        },
        "consent": {
            "may_be_contacted": contact.has_consent,
            "given_at": contact.consent_given_at,
            "method": contact.consent_method,
            "withdrawn_at": contact.consent_withdrawn_at,
        },
        "interactions": [
            {
                "id": interaction.pk,
                "party": interaction.party.name,
                "kind": interaction.kind,
                "occurred_on": interaction.occurred_on,
                "summary": interaction.summary,
                "decisions": interaction.decisions,
            }
            for interaction in taken_part
        ],
    }


def plans(*, organization):
    """Plans with their party and every version (approver and signature joined)."""
    return (
        RelationshipPlan.objects.filter(organization=organization)
        .select_related("party")
        .prefetch_related(
            Prefetch(
                "versions",
                queryset=PlanVersion.objects.filter(organization=organization).select_related(
                    "approved_by", "signature"
                ),
            )
        )
        .order_by("party__name")
    )


def plans_in_full(*, organization):
    """Plans with every version and every version's sections (the API's view of a plan)."""
    return plans(organization=organization).prefetch_related(
        Prefetch(
            "versions__sections",
            queryset=PlanSection.objects.filter(organization=organization).order_by("id"),
        )
    )


def plan_of_party(*, organization, party: Party) -> RelationshipPlan | None:
    return plans(organization=organization).filter(party=party).first()


def plan_versions(*, organization, plan: RelationshipPlan):
    """A plan's versions, newest first, each with its sections and their owners."""
    return (
        PlanVersion.objects.filter(organization=organization, plan=plan)
        .select_related("approved_by", "signature", "plan__party")
        .prefetch_related(
            Prefetch(
                "sections",
                queryset=PlanSection.objects.filter(organization=organization)
                .select_related("owner")
                .order_by("id"),
            )
        )
        .order_by("-number")
    )


def plan_sections(*, organization):
    return PlanSection.objects.filter(organization=organization).select_related(
        "owner", "version__plan__party"
    )
