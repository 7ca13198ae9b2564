"""Seeding for the survey and complaint benchmarks: raw inserts of model rows in chunks (a
benchmark's data is not evidence; the audit trail records what the product writes while
timed), and contacts who consented for every party of a list."""

from django.db import connection
from django.utils import timezone
from django_scopes import scopes_disabled

from parties.models import Contact

CHUNK = 5_000


def insert_rows(model, rows: list[dict]) -> None:
    """INSERT ``rows`` (attribute name -> value, the same keys in every row) into ``model``'s
    table, with ``created_at`` and ``updated_at`` filled in where the model has them."""
    if not rows:
        return
    now = timezone.now()
    names = list(rows[0])
    for stamp in ("created_at", "updated_at"):
        if any(f.attname == stamp for f in model._meta.concrete_fields) and stamp not in names:
            names.append(stamp)
    fields = [model._meta.get_field(name.removesuffix("_id")) for name in names]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    sql = (
        f"INSERT INTO {model._meta.db_table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"
    )
    with scopes_disabled(), connection.cursor() as cursor:
        for start in range(0, len(rows), CHUNK):
            cursor.executemany(
                sql,
                [
                    [
                        field.get_db_prep_save(row.get(name, now), connection)
                        for name, field in zip(names, fields, strict=True)
                    ]
                    for row in rows[start : start + CHUNK]
                ],
            )


def consenting_contacts(organization, party_ids: list[int]) -> None:
    """One consenting contact with an email for each party."""
    now = timezone.now()
    insert_rows(
        Contact,
        [
            {
                "organization_id": organization.pk,
                "party_id": party_id,
                "name": f"Contact {n}",
                "job_title": "",
                "email": f"contact{n}@bench.example",
                "phone": "",
                "preferred_channel": "email",
                "consent_given_at": now,
                "consent_method": "signed form",
                "consent_withdrawn_at": None,
                "erased_at": None,
            }
            for n, party_id in enumerate(party_ids)
        ],
    )
