"""Child rows written with their parent (a review's actions, an agreement's service levels
and disputes): the given rows replace the current ones. A row with an ``id`` changes that
row, one without is added, a current row not given is deleted; each write is audited."""

from django.core.exceptions import ValidationError


def row_error(field: str, number: int, message: str) -> ValidationError:
    return ValidationError({field: f"Row {number}: {message}"})


def sync_rows(
    *, organization, parent, parent_field: str, model, rows, field: str, apply, removed=None
):
    """Write ``rows`` (dicts) as ``model`` rows of ``parent``. ``apply(row_object, values,
    number)`` sets and checks one row's values, raising ``row_error`` for a bad one; it runs
    for every row before anything is written, so a bad row leaves nothing behind."""
    current = {row.pk: row for row in model.objects.filter(**{parent_field: parent})}
    prepared, kept = [], set()
    for number, values in enumerate(rows, 1):
        row_id = values.get("id")
        if row_id:
            try:
                row = current[int(row_id)]
            except (KeyError, TypeError, ValueError):
                raise row_error(field, number, "it is not a row of this record.") from None
            kept.add(row.pk)
        else:
            row = model(organization=organization, **{parent_field: parent})
        apply(row, values, number)
        prepared.append(row)
    for pk, row in current.items():
        if pk not in kept:
            if removed is not None:
                removed(row)
            row.delete()
    for row in prepared:
        row.save()
    return prepared
