"""Give every existing supplier its interested party, before the link becomes required.

A supplier is linked to the organisation's party of the same name (case and spacing
aside) when there is one that is not yet another supplier's, and that party gains the
supplier type; otherwise a party of type supplier is created under the supplier's name.
Each change is written to the audit trail like any other, attributed to "migration".
"""

from django.db import migrations
from django.utils import timezone


def _values(instance) -> dict:
    from relmgmt.audit.hashing import jsonable
    from relmgmt.audit.recorder import UNAUDITED_FIELDS

    return {
        field.attname: jsonable(getattr(instance, field.attname))
        for field in instance._meta.concrete_fields
        if field.attname not in UNAUDITED_FIELDS
    }


def _event(action, model_label, instance, changes, description) -> dict:
    return {
        "organization_id": instance.organization_id,
        "action": action,
        "model_label": model_label,
        "object_id": str(instance.pk),
        "object_repr": description[:200],
        "changes": changes,
    }


def link_parties(apps, schema_editor):
    Supplier = apps.get_model("suppliers", "Supplier")
    Party = apps.get_model("parties", "Party")
    using = schema_editor.connection.alias
    suppliers = list(
        Supplier._base_manager.using(using).filter(party__isnull=True).order_by("organization_id", "id")
    )
    if not suppliers:
        return
    from relmgmt.audit.context import acting_as
    from relmgmt.audit.recorder import append_events

    events = []
    taken = set(
        Supplier._base_manager.using(using)
        .filter(party__isnull=False)
        .values_list("party_id", flat=True)
    )
    for supplier in suppliers:
        name = " ".join(supplier.name.split()) or supplier.code
        parties = Party._base_manager.using(using).filter(organization_id=supplier.organization_id)
        party = parties.filter(name__iexact=name).exclude(pk__in=taken).first()
        if party is not None:
            if "supplier" not in party.types:
                before = list(party.types)
                party.types = [*party.types, "supplier"]
                party.save(update_fields=["types", "updated_at"])
                events.append(
                    _event("update", "parties.party", party, {"types": [before, party.types]}, party.name)
                )
        else:
            if parties.filter(name__iexact=name).exists():
                name = f"{name} ({supplier.code})"
            today = timezone.localdate()
            party = Party._base_manager.using(using).create(
                organization_id=supplier.organization_id,
                name=name,
                types=["supplier"],
                tier="managed",
                status="active",
                next_review_due=today.replace(year=today.year + 1)
                if not (today.month == 2 and today.day == 29)
                else today.replace(year=today.year + 1, day=28),
            )
            values = _values(party)
            changes = {field: [None, value] for field, value in values.items() if value is not None}
            events.append(_event("create", "parties.party", party, changes, party.name))
        taken.add(party.pk)
        supplier.party_id = party.pk
        supplier.save(update_fields=["party", "updated_at"])
        events.append(
            _event(
                "update",
                "suppliers.supplier",
                supplier,
                {"party_id": [None, party.pk]},
                f"{party.name} ({supplier.code})",
            )
        )
    with acting_as(None, label="migration", source="system"):
        append_events(events, using=using)


class Migration(migrations.Migration):
    dependencies = [
        ("suppliers", "0003_supplier_register_fields"),
        ("parties", "0001_register"),
        ("audit", "0004_redaction"),
    ]

    operations = [migrations.RunPython(link_parties, migrations.RunPython.noop)]
