"""Building suppliers' 8Ds through their services, and bringing one to any step the way the
supplier and the buyer do."""

from corrective_actions.models import ScarStep
from corrective_actions.models.scars import Discipline
from corrective_actions.services import root_cause
from corrective_actions.services import scars as services
from relmgmt.core.scoping import org_scope

ANSWERS = {
    Discipline.D1: "Team: quality lead, press operator, die maker.",
    Discipline.D2: "Burrs on bracket edges, lot 4411, press 3.",
    Discipline.D3: "Lot 4411 quarantined; 100 % inspection of stock.",
    Discipline.D4: "The die wore past its limit.",
    Discipline.D5: "Die changed every 50,000 strokes.",
    Discipline.D6: "New die fitted; three lots measured without burrs.",
    Discipline.D7: "Stroke counter on every press; control plan updated.",
    Discipline.D8: "Team thanked; 8D closed.",
}


def issue(org, actor, supplier, **data):
    fields = {"title": "Burrs on brackets", "description": "Lot 4411 rejected for burrs.", **data}
    return services.scar_issue(organization=org, actor=actor, supplier=supplier, data=fields)


def find_root_cause(org, actor, scar):
    analysis = services.analysis_for_supplier(organization=org, actor=actor, scar=scar)
    root_cause.why_add(
        organization=org, actor=actor, analysis=analysis, why="Why burrs?", because="Worn die"
    )


def answer(org, actor, scar, discipline, **extra):
    discipline = int(discipline)
    if discipline == Discipline.D4 and "escape_point" not in extra:
        with org_scope(org):
            has_cause = root_cause.has_root_cause(scar.analysis)
        if not has_cause:
            find_root_cause(org, actor, scar)
        extra["escape_point"] = "Final inspection samples too few parts."
    if discipline == Discipline.D2:
        extra.setdefault("is_not", "Not on press 2; not before lot 4411.")
    return services.step_submit(
        organization=org,
        actor=actor,
        scar=scar,
        discipline=discipline,
        answer=extra.pop("answer", ANSWERS.get(discipline, "")),
        **extra,
    )


def review(org, actor, scar, discipline, action="accept", comment=""):
    return services.step_review(
        organization=org,
        actor=actor,
        scar=scar,
        discipline=int(discipline),
        action=action,
        comment=comment or ("Add the evidence." if action == "return" else ""),
    )


def through(org, buyer, supplier_user, scar, last):
    """Answer and accept D1 to ``last``."""
    for discipline in range(1, int(last) + 1):
        answer(org, supplier_user, scar, discipline)
        review(org, buyer, scar, discipline)


def step(org, scar, discipline):
    with org_scope(org):
        return ScarStep.objects.get(scar=scar, discipline=int(discipline))
