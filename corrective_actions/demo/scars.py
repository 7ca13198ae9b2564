"""Demo 8Ds asked of suppliers: the supplier of ``supplier@<slug>.example`` has one to
answer whose first steps are overdue; another supplier's, issued from a rejected delivery's
nonconformity, had D4 returned once and answers it again; one waits for the buyer's review
of D5; one was answered in time months ago, its effectiveness checked by another manager and
its closure signed. Seeding again adds nothing."""

from datetime import timedelta

from django.utils import timezone

from corrective_actions.models import Nonconformity, SupplierCorrectiveAction
from corrective_actions.services import root_cause
from corrective_actions.services import scars as services
from relmgmt.demo.registry import register
from relmgmt.demo.seed import DEMO_PASSWORD
from relmgmt.policy import Role
from relmgmt.tenancy.models import Membership
from suppliers.models import Supplier

ANSWERS = {
    1: "Team: quality lead (champion), production lead, die maker, our buyer's contact.",
    2: "Is: burrs on bracket edges, lots 4411 and 4412, press 3. Seen at goods receipt.",
    3: "Lots 4411-4412 quarantined; stock at the customer sorted; 100 % inspection added.",
    4: "The die wore beyond its limit: no stroke count was kept.",
    5: "Die changed every 50,000 strokes; stroke counter on press 3.",
    6: "New die fitted; three lots measured without burrs (report attached to D6).",
    7: "Stroke counters on all presses; the control plan and PFMEA updated.",
    8: "Team recognised; lessons shared with the other press lines.",
}


def _portal_member(organization, email_prefix):
    return (
        Membership.objects.filter(
            organization=organization,
            role=Role.SUPPLIER,
            user__email__startswith=f"{email_prefix}@",
        )
        .select_related("user", "supplier")
        .first()
    )


def _answer(organization, user, scar, discipline, at=None):
    if discipline == 4:
        analysis = services.analysis_for_supplier(organization=organization, actor=user, scar=scar)
        if not analysis.whys.exists():
            root_cause.why_add(
                organization=organization,
                actor=user,
                analysis=analysis,
                why="Why were there burrs?",
                because="The die was worn.",
            )
            root_cause.why_add(
                organization=organization,
                actor=user,
                analysis=analysis,
                why="Why was the die worn?",
                because="No stroke count was kept, so it was never changed in time.",
            )
            root_cause.cause_add(
                organization=organization,
                actor=user,
                analysis=analysis,
                category="machine",
                cause="No stroke counter on press 3",
                is_root=True,
            )
            root_cause.cause_add(
                organization=organization,
                actor=user,
                analysis=analysis,
                category="measurement",
                cause="Edge check sampled one part per lot",
            )
    services.step_submit(
        organization=organization,
        actor=user,
        scar=scar,
        discipline=discipline,
        answer=ANSWERS[discipline],
        is_not="Not on press 2; not before lot 4411; not on other part numbers."
        if discipline == 2
        else "",
        escape_point="Goods-out inspection sampled too few parts." if discipline == 4 else "",
        at=at,
    )


def _through(organization, buyer, user, scar, last, *, leave_submitted=False, since=None):
    """Answer and accept D1 to ``last``: now, or from ``since`` on, a step every five days."""
    for discipline in range(1, last + 1):
        answered = since + timedelta(days=5 * discipline - 4) if since else None
        _answer(organization, user, scar, discipline, at=answered)
        if leave_submitted and discipline == last:
            return
        services.step_review(
            organization=organization,
            actor=buyer,
            scar=scar,
            discipline=discipline,
            action="accept",
            comment="Thank you." if discipline == 8 else "",
            at=answered + timedelta(days=1) if answered else None,
        )


@register
def seed(organization):
    if SupplierCorrectiveAction.objects.filter(organization=organization).exists():
        return
    buyer = (
        Membership.objects.filter(organization=organization, role=Role.MANAGER)
        .select_related("user")
        .first()
    )
    portal = _portal_member(organization, "supplier")
    if buyer is None or portal is None:
        return
    buyer = buyer.user
    now = timezone.now()
    # 1. The supplier@ login's 8D: issued twelve days ago, D1 to D3 overdue.
    overdue = services.scar_issue(
        organization=organization,
        actor=buyer,
        supplier=portal.supplier,
        data={
            "title": "Scratched housings in the last two deliveries",
            "description": "Housings arrive scratched on the visible face. Answer the 8D "
            "step by step, containment first.",
            "internal_note": "Second scratch issue this year; consider a second source.",
        },
        issued_at=now - timedelta(days=12),
    )
    services.scar_note(
        organization=organization,
        actor=buyer,
        scar=overdue,
        note="Called their quality lead: they promised the team list this week.",
    )
    # 2. From a rejected delivery's nonconformity: D4 returned once, then answered again.
    nc = (
        Nonconformity.objects.filter(organization=organization, supplier__isnull=False)
        .exclude(supplier=portal.supplier)
        .order_by("id")
        .first()
    )
    if nc is not None:
        answerer = (
            Membership.objects.filter(
                organization=organization, role=Role.SUPPLIER, supplier_id=nc.supplier_id
            )
            .select_related("user")
            .first()
        )
        user = answerer.user if answerer is not None else None
        returned = services.scar_issue_from_nonconformity(
            organization=organization,
            actor=buyer,
            nonconformity=nc,
            data={"internal_note": "Their die maker is a subcontractor."},
        )
        _through(organization, buyer, user, returned, 3)
        _answer(organization, user, returned, 4)
        services.step_review(
            organization=organization,
            actor=buyer,
            scar=returned,
            discipline=4,
            action="return",
            comment="Say why the goods-out check did not catch the burrs (the escape point).",
        )
        _answer(organization, user, returned, 4)
    # 3. and 4. Another supplier's two: one waits for the review of D5, one is closed.
    supplier = (
        Supplier.objects.filter(organization=organization)
        .exclude(pk=portal.supplier_id)
        .order_by("id")
        .first()
    )
    if supplier is None:
        return
    scar = services.scar_issue(
        organization=organization,
        actor=buyer,
        supplier=supplier,
        data={
            "title": "Late deliveries of castings",
            "description": "Late deliveries of castings: answer the 8D.",
        },
        issued_at=now - timedelta(days=40),
    )
    _through(organization, buyer, None, scar, 5, leave_submitted=True)
    # Answered in time months ago; the check, due since, recorded by another manager, who
    # signs the closure.
    issued = now - timedelta(days=200)
    scar = services.scar_issue(
        organization=organization,
        actor=buyer,
        supplier=supplier,
        data={
            "title": "Wrong labels on cartons",
            "description": "Wrong labels on cartons: answer the 8D.",
            "owner": buyer,
        },
        issued_at=issued,
    )
    _through(organization, buyer, None, scar, 8, since=issued)
    checker = (
        Membership.objects.filter(organization=organization, role__in=(Role.ADMIN, Role.MANAGER))
        .exclude(user=buyer)
        .select_related("user")
        .order_by("id")
        .first()
    )
    if checker is None:
        return
    scar.refresh_from_db()
    services.scar_transition(
        organization=organization,
        actor=checker.user,
        scar=scar,
        action="effective",
        note="Six deliveries since, every carton labelled right (goods-in records).",
    )
    services.scar_transition(
        organization=organization,
        actor=checker.user,
        scar=scar,
        action="close",
        password=DEMO_PASSWORD,
    )
