"""Demo relationship plan: the first strategic party's plan, version 1 approved and signed
by the demo manager, version 2 a draft in progress."""

from parties.models import PlanSection, Tier
from parties.services import plans as services
from relmgmt.demo.seed import DEMO_PASSWORD
from relmgmt.tenancy.selectors import owner_users

V1_CONTENT = {
    "organisation": "Sponsors: our managing director and their VP purchasing. Relationship "
    "managers: our key account manager and their commodity buyer. Quality contacts on both "
    "sides for 8D and PPAP.",
    "business_case": "Grow the share of machined EV drive-train parts from 20 % to 35 % by "
    "the end of next year; keep PPM below 50 and OTIF above 97 %.",
    "resources": "We bring five-axis machining, a dedicated cell and two quality engineers. "
    "They bring early drawings, forecasts 12 months ahead and access to their test lab.",
    "risk": "Single-source castings (mitigation: second foundry qualified by Q3). Volume swings "
    "of the EV programme (mitigation: quarterly capacity review).",
    "commercial": "Frame agreement for three years, yearly price review indexed on aluminium; "
    "consignment stock of two weeks at their plant.",
    "joint_management": "Monthly operations call, quarterly business review with sponsors, "
    "joint steering meeting once a year.",
    "improvement": "Joint kaizen on the housing line twice a year; ideas tracked in a shared "
    "log with owners and dates.",
    "knowledge": "Drawings and specifications through their supplier portal; NDA in place; "
    "lessons learned shared at each QBR.",
    "communications": "Escalation: buyer and account manager, then quality managers, then "
    "sponsors within 48 hours. Channels: email, portal, phone for line stops.",
    "exit": "Twelve months' notice; last-time buy of open orders; tooling returned; "
    "drawings and data deleted within 30 days.",
}
V2_CHANGES = {
    "business_case": "Add the new e-axle housing programme: 40 % share from next spring.",
    "risk": "Review the castings risk after the second foundry's first deliveries.",
}


def seed_plans(organization, actor, parties) -> None:
    party = next((p for p in parties if p.tier == Tier.STRATEGIC), None)
    if party is None:
        return
    owners = list(owner_users(organization=organization)[:2]) or [actor]
    plan = services.plan_create(
        organization=organization,
        actor=actor,
        party=party,
        title=f"{party.name}: relationship management plan",
    )
    version = plan.versions.get()
    for index, section in enumerate(version.sections.order_by("id")):
        services.section_update(
            organization=organization,
            actor=actor,
            section=section,
            data={
                "content": V1_CONTENT[section.key],
                "owner": owners[index % 2],
                "status": PlanSection.Status.COMPLETE,
            },
        )
    services.version_approve(
        organization=organization, actor=actor, version=version, password=DEMO_PASSWORD
    )
    draft = services.version_start(organization=organization, actor=actor, plan=plan)
    for section in draft.sections.filter(key__in=V2_CHANGES):
        services.section_update(
            organization=organization,
            actor=actor,
            section=section,
            data={
                "content": f"{section.content}\n\n{V2_CHANGES[section.key]}",
                "status": PlanSection.Status.IN_PROGRESS,
            },
            reason="Next year's plan",
        )
