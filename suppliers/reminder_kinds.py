"""The reminders of the supplier register: re-evaluations due, certificates expiring,
actions of performance reviews, and agreements' end and review dates."""

from django.urls import reverse

from relmgmt.notifications.kinds import ReminderKind, register


# The pages a reminder about a supplier's record opens, for the buyer's staff and for the
# supplier's portal users (each side is refused the other's pages).
def _certificates_in_portal(organization, certificate) -> str:
    return reverse("portal:certificate_list", kwargs={"org_slug": organization.slug})


def _questionnaire_for_staff(organization, request) -> str:
    kwargs = {"org_slug": organization.slug, "pk": request.pk}
    return reverse("suppliers:questionnaire_detail", kwargs=kwargs)


def _request_for_staff(organization, request) -> str:
    return reverse(
        "suppliers:request_detail", kwargs={"org_slug": organization.slug, "pk": request.pk}
    )


def _request_in_portal(organization, request) -> str:
    return reverse(
        "portal:request_detail", kwargs={"org_slug": organization.slug, "pk": request.pk}
    )


REEVALUATION_DUE = register(
    ReminderKind(
        key="suppliers.reevaluation_due",
        label="A supplier is due for re-evaluation",
        model_label="suppliers.supplier",
        # Re-evaluating moves the date, which cancels this reminder as moved.
        is_done=lambda supplier: supplier.status == "disqualified",
        owner=lambda supplier: supplier.owner,
        escalate_after_days=14,
        description=(
            "Sent to the supplier's relationship owner before its re-evaluation is due (30 "
            "days ahead unless the organisation's settings say otherwise); if it is still not "
            "re-evaluated 14 days after the date, the owner is told again, and after 28 days "
            "the admins."
        ),
    )
)


def _certificate_replaced(certificate) -> bool:
    """Done when a newer accepted certificate of the same type takes over by the day after
    this one ends (a deleted certificate's reminders are cancelled by the engine)."""
    from suppliers.selectors.certificates import certificate_is_replaced

    return certificate_is_replaced(certificate)


# Warnings before a certificate expires: one kind per lead time, so each can be switched
# off or made required on its own. Scheduled by suppliers.services.certificates.
CERTIFICATE_WARNING_DAYS = (60, 30, 7)

CERTIFICATE_EXPIRING = {
    days: register(
        ReminderKind(
            key=f"suppliers.certificate_expiring_{days}",
            label=f"A supplier's certificate expires in {days} days",
            model_label="suppliers.certificate",
            is_done=_certificate_replaced,
            owner=lambda certificate: certificate.supplier.owner,
            portal_url=_certificates_in_portal,
            description=(
                f"Sent {days} days before a supplier's certificate expires to the supplier's "
                "relationship owner and to the supplier's portal users; not sent once a newer "
                "certificate of the same type has been accepted, or the certificate is deleted."
            ),
        )
    )
    for days in CERTIFICATE_WARNING_DAYS
}


# Questionnaires sent to suppliers. Scheduled by suppliers.services.questionnaires.sent.
def _questionnaire_answered(request) -> bool:
    return request.status not in ("sent", "draft", "returned")


QUESTIONNAIRE_DUE = register(
    ReminderKind(
        key="suppliers.questionnaire_due",
        label="A questionnaire is due from a supplier",
        model_label="suppliers.questionnairerequest",
        is_done=_questionnaire_answered,
        owner=lambda request: request.supplier.owner,
        escalate_after_days=3,
        staff_url=_questionnaire_for_staff,
        description=(
            "Sent to the supplier's portal users a week before a questionnaire is due; if it "
            "is not submitted 3 days after the due date, the supplier's relationship owner is "
            "told, and after 6 days the admins."
        ),
    )
)

QUESTIONNAIRE_SUBMITTED = register(
    ReminderKind(
        key="suppliers.questionnaire_submitted",
        label="A supplier's questionnaire waits for review",
        model_label="suppliers.questionnairerequest",
        is_done=lambda request: request.status != "submitted",
        owner=lambda request: request.supplier.owner,
        escalate_after_days=7,
        description=(
            "Sent to the supplier's relationship owner when the supplier submits its answers; "
            "if they are not reviewed within 7 days the owner is told again, after 14 the "
            "admins."
        ),
    )
)


# A supplier's scorecard falls into a standing whose consequences include telling the owner
# (see suppliers.services.scorecards.consequences).
SCORECARD_STANDING = register(
    ReminderKind(
        key="suppliers.scorecard_standing",
        label="A supplier's scorecard standing changed",
        model_label="suppliers.supplier",
        owner=lambda supplier: supplier.owner,
        description=(
            "Sent to the supplier's relationship owner when its latest scorecard falls into a "
            "standing whose consequences include notifying the owner."
        ),
    )
)


# Requests addressed to a supplier (corrective action, document, information): its portal
# users hear before the due date, the relationship owner once it is overdue. Scheduled by
# suppliers.services.requests.
REQUEST_DUE_SOON_DAYS = 3


def _request_answered(request) -> bool:
    return request.status not in ("open", "returned")


REQUEST_DUE_SOON = register(
    ReminderKind(
        key="suppliers.request_due_soon",
        label="A request to the supplier is due soon",
        model_label="suppliers.supplierrequest",
        is_done=_request_answered,
        owner=lambda request: request.supplier.owner,
        staff_url=_request_for_staff,
        portal_url=_request_in_portal,
        description=(
            f"Sent to the supplier's portal users {REQUEST_DUE_SOON_DAYS} days before a "
            "request addressed to them is due, unless they have answered it."
        ),
    )
)

REQUEST_OVERDUE = register(
    ReminderKind(
        key="suppliers.request_overdue",
        label="A request to a supplier is overdue",
        model_label="suppliers.supplierrequest",
        is_done=_request_answered,
        owner=lambda request: request.supplier.owner,
        staff_url=_request_for_staff,
        portal_url=_request_in_portal,
        description=(
            "Sent to the supplier's relationship owner the day after a request to the "
            "supplier was due, if the supplier has not answered it."
        ),
    )
)


# --- Performance reviews and agreements ---------------------------------------------------

REVIEW_ACTION_DUE = register(
    ReminderKind(
        key="suppliers.review_action_due",
        label="An action from a supplier performance review is due",
        model_label="suppliers.reviewaction",
        is_done=lambda action: action.done_at is not None,
        owner=lambda action: action.owner,
        escalate_after_days=7,
        description=(
            "Sent to the action's owner on its due date; if it is still open a week later the "
            "owner is told again, and after two weeks the admins."
        ),
    )
)


def _agreement_closed(agreement) -> bool:
    from suppliers.models.agreements import REMINDED_STATUSES

    return agreement.status not in REMINDED_STATUSES


def _agreement_owner(agreement):
    return agreement.supplier.owner


# Two warnings (first and last, their lead days chosen per organisation) before an
# agreement's end and before its review date. Scheduled by suppliers.services.agreements.
AGREEMENT_WARNINGS = {
    (date_name, which): register(
        ReminderKind(
            key=f"suppliers.agreement_{date_name}_{which}",
            label=f"A supplier agreement's {label} is near ({which} warning)",
            model_label="suppliers.agreement",
            is_done=_agreement_closed,
            owner=_agreement_owner,
            description=(
                f"The {which} warning before a supplier agreement's {label}, to the supplier's "
                "relationship owner, as many days ahead as the organisation's settings say "
                "(60 and 30 unless changed); not sent once the agreement has ended or been "
                "terminated."
            ),
        )
    )
    for date_name, label in (("end", "end"), ("review", "review date"))
    for which in ("first", "last")
}


# Supply continuity (suppliers.services.continuity).
def _plan_for_staff(organization, plan) -> str:
    return reverse("suppliers:continuity", kwargs={"org_slug": organization.slug})


CONTINGENCY_REVIEW_DUE = register(
    ReminderKind(
        key="suppliers.contingency_review_due",
        label="A contingency plan is due for testing and review",
        model_label="suppliers.contingencyplan",
        # Recording a test moves the date, which cancels this reminder as moved.
        owner=lambda plan: plan.owner,
        escalate_after_days=14,
        staff_url=_plan_for_staff,
        description=(
            "Sent to the plan's owner on the day its review is due (its last test plus its "
            "cadence); if it is still not tested 14 days later the owner is told again, and "
            "after 28 days the admins."
        ),
    )
)


def _source_restored(supplier) -> bool:
    from suppliers.selectors.continuity import left_without_source

    return supplier.on_asl or not left_without_source(
        organization=supplier.organization, supplier=supplier
    )


CATEGORY_WITHOUT_SOURCE = register(
    ReminderKind(
        key="suppliers.category_without_source",
        label="A suspended or disqualified supplier leaves a category without an approved source",
        model_label="suppliers.supplier",
        is_done=_source_restored,
        owner=lambda supplier: supplier.owner,
        escalate_after_days=7,
        description=(
            "Sent to the supplier's relationship owner the day it is suspended or disqualified "
            "when a category it supplies has no other approved supplier; not sent once the "
            "supplier is reinstated or another supplier is approved for it. After 7 days the "
            "owner is told again, after 14 the admins."
        ),
    )
)
