"""Names, labels and links of audited records, for the people who read the trail.

Apps say how their records are named and where their pages are through
``relmgmt.core.extensions.record_pages``; this module never imports an app. Names are
looked up in batches (``RecordNames``): one query per kind of record, whatever the number
of events on a page.
"""

from __future__ import annotations

import re
from contextlib import suppress
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.fields.json import KT
from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.text import capfirst

from relmgmt.audit.hashing import is_redacted
from relmgmt.audit.models import AuditEvent
from relmgmt.core import extensions

# What Django's own ``Model.__str__`` writes; such descriptions say nothing to a person.
_DEFAULT_REPR = re.compile(r"^\w+ object \((?P<pk>[^)]*)\)$")


class Named(str):
    """A record's name, with the address of its page when it has one (else "")."""

    url: str = ""

    def __new__(cls, text: str, url: str = "") -> Named:
        named = super().__new__(cls, text)
        named.url = url
        return named


def model_of(model_label: str) -> type[models.Model] | None:
    try:
        return apps.get_model(model_label)
    except (LookupError, ValueError):
        return None


def kind_label(model_label: str) -> str:
    """The kind of record in words ("Re-evaluation"), from the model's verbose name."""
    model = model_of(model_label)
    return capfirst(str(model._meta.verbose_name)) if model is not None else model_label


def record_name(record: models.Model) -> str:
    entry = extensions.record_pages.get(record._meta.label_lower)
    if entry is not None and entry.name is not None:
        return entry.name(record)
    if type(record).__str__ is models.Model.__str__:
        return f"{kind_label(record._meta.label_lower)} #{record.pk}"
    return str(record)


def record_url(record: models.Model, organization_slug: str | None) -> str:
    entry = extensions.record_pages.get(record._meta.label_lower)
    if entry is None or not entry.url_name or not organization_slug:
        return ""
    kwargs = entry.url_kwargs(record) if entry.url_kwargs else {"pk": record.pk}
    try:
        return reverse(entry.url_name, kwargs={"org_slug": organization_slug, **kwargs})
    except NoReverseMatch:
        return ""


def url_by_id(model_label: str, object_id: str, organization_slug: str | None) -> str:
    """The page of a record addressed by its id alone (no other field of it needed)."""
    entry = extensions.record_pages.get(model_label)
    if entry is None or not entry.url_name or entry.url_kwargs or not organization_slug:
        return ""
    try:
        return reverse(entry.url_name, kwargs={"org_slug": organization_slug, "pk": object_id})
    except NoReverseMatch:
        return ""


def name_from_description(model_label: str, object_id: str, description: str) -> str:
    """The name an event wrote, made readable where it is Django's default."""
    if not description or _DEFAULT_REPR.match(description):
        return f"{kind_label(model_label)} #{object_id}"
    return description


class RecordNames:
    """Collects the records a page mentions, then names them all at once."""

    def __init__(self, *, organization_id: int | None, organization_slug: str | None) -> None:
        self.organization_id = organization_id
        self.organization_slug = organization_slug
        self._wanted: dict[type[models.Model], set[str]] = {}
        self._found: dict[tuple[type[models.Model], str], Named] = {}
        # The records ``resolve`` read, by model and id.
        self._read: dict[tuple[type[models.Model], str], models.Model] = {}

    def know(self, record: models.Model, *, with_references: bool = False) -> None:
        """A record the page holds already, named without a query when what its name reads
        is loaded with it (else it is looked up with the others); ``with_references`` also
        the records its foreign keys point at that were loaded with it."""
        if with_references:
            for field in record._meta.concrete_fields:
                if field.many_to_one and field.is_cached(record):
                    related = getattr(record, field.name)
                    if related is not None:
                        self.know(related)
        entry = extensions.record_pages.get(record._meta.label_lower)
        paths = entry.select_related if entry is not None and entry.select_related else ()
        if not record.get_deferred_fields() and all(_loaded(record, path) for path in paths):
            self._found[(type(record), str(record.pk))] = Named(
                record_name(record), record_url(record, self.organization_slug)
            )

    def want(self, model: type[models.Model] | None, pk: Any) -> None:
        if model is None or pk is None or pk == "" or not isinstance(pk, int | str):
            return
        key = str(pk)
        if (model, key) not in self._found:
            self._wanted.setdefault(model, set()).add(key)

    def resolve(self) -> RecordNames:
        for model, ids in self._wanted.items():
            for record in self._records(model, ids):
                self._read[(model, str(record.pk))] = record
                self._found[(model, str(record.pk))] = Named(
                    record_name(record), record_url(record, self.organization_slug)
                )
        self._wanted = {}
        return self

    def resolve_from_trail(self) -> RecordNames:
        """Names the organisation's records as their latest event wrote them, every kind in
        one query (a record's History panel refers to as many kinds as it has references,
        and stays a few queries whatever they are); other records as ``resolve`` does."""
        tenant = {
            model: ids
            for model, ids in self._wanted.items()
            if "organization_id" in fields_of(model) and self.organization_id is not None
        }
        if tenant:
            wanted = models.Q()
            for model, ids in tenant.items():
                wanted |= models.Q(model_label=model._meta.label_lower, object_id__in=ids)
            trail = AuditEvent.objects.filter(organization_id=self.organization_id)
            latest = (
                trail.filter(wanted)
                .values("model_label", "object_id")
                .annotate(latest=models.Max("seq"))
                .values("latest")
            )
            for label, object_id, description in trail.filter(seq__in=latest).values_list(
                "model_label", "object_id", "object_repr"
            ):
                self._found[(model_of(label), object_id)] = Named(
                    name_from_description(label, object_id, description),
                    url_by_id(label, object_id, self.organization_slug),
                )
            for model in tenant:
                del self._wanted[model]
        return self.resolve()

    def resolve_from_states(self) -> RecordNames:
        """Names and links the organisation's records as ``resolve`` does, from their state
        as the trail wrote it (created, then each change) rather than from their tables:
        the records, and the records their names and links read (their ``record_pages``
        entry's ``select_related``, found through the ids the trail wrote), in one query
        whatever their kinds. A record the trail does not hold (written before it), and
        records outside the organisation (people), are read as ``resolve`` reads them."""
        tenant = {
            model: ids
            for model, ids in self._wanted.items()
            if "organization_id" in fields_of(model) and self.organization_id is not None
        }
        if not tenant:
            return self.resolve()
        for model in tenant:
            del self._wanted[model]
        built = self._built_from_trail(tenant)
        people: list[tuple[models.Model, str, type[models.Model], Any]] = []
        complete: dict[tuple[type[models.Model], str], models.Model] = {}
        for model, ids in tenant.items():
            for key in ids:
                if (model, key) not in built:  # not in the trail: read from its table
                    self._wanted.setdefault(model, set()).add(key)
                    continue
                record = built[(model, key)]
                if record is None:  # deleted: named by its event's description
                    continue
                if _attach(record, _paths(model), built, people):
                    complete[(model, key)] = record
                else:
                    self._wanted.setdefault(model, set()).add(key)
        # The people the names read (a review's attendee), with the others wanted.
        for _record, _name, related_model, related_id in people:
            self.want(related_model, str(related_id))
        self.resolve()
        for record, name, related_model, related_id in people:
            person = self._read.get((related_model, str(related_id)))
            if person is not None:
                setattr(record, name, person)
        for (model, key), record in complete.items():
            if all(_loaded(record, path) for path in _paths(model)):
                self._found[(model, key)] = Named(
                    record_name(record), record_url(record, self.organization_slug)
                )
            else:  # a person it names is gone: read it as before
                self.want(model, key)
        return self.resolve()

    def _built_from_trail(
        self, tenant: dict[type[models.Model], set[str]]
    ) -> dict[tuple[type[models.Model], str], models.Model | None]:
        """The records of ``tenant`` ({model: ids}) and those along their entries'
        ``select_related``, rebuilt from the trail (None: deleted), in one query: the ids of
        the related records are those the trail wrote in the records' events."""
        trail = AuditEvent.objects.filter(organization_id=self.organization_id)
        wanted = models.Q()
        for model, ids in tenant.items():
            wanted |= models.Q(model_label=model._meta.label_lower, object_id__in=list(ids))
            for path in _paths(model):
                current: type[models.Model] = model
                current_ids: Any = list(ids)
                for name in path.split("__"):
                    field = current._meta.get_field(name)
                    target = field.related_model
                    if not isinstance(target, type) or "organization_id" not in fields_of(target):
                        break  # people are read from their table
                    current_ids = (
                        trail.filter(model_label=current._meta.label_lower)
                        .filter(object_id__in=current_ids)
                        .annotate(parent=KT(f"changes__{field.attname}__1"))  # type: ignore[union-attr]
                        .values("parent")
                    )
                    wanted |= models.Q(
                        model_label=target._meta.label_lower, object_id__in=current_ids
                    )
                    current = target
        states: dict[tuple[str, str], dict | None] = {}
        rows = trail.filter(wanted).order_by("seq")
        for label, object_id, action, changes in rows.values_list(
            "model_label", "object_id", "action", "changes"
        ):
            key = (label, object_id)
            if action == AuditEvent.Action.CREATE:
                states[key] = {field: pair[1] for field, pair in changes.items()}
            elif action == AuditEvent.Action.DELETE:
                states[key] = None
            elif action == AuditEvent.Action.UPDATE and states.get(key) is not None:
                states[key].update((field, pair[1]) for field, pair in changes.items())  # type: ignore[union-attr]
        built: dict[tuple[type[models.Model], str], models.Model | None] = {}
        for (label, object_id), state in states.items():
            model = model_of(label)
            if model is not None:
                built[(model, object_id)] = None if state is None else _rebuilt(model, state)
        return built

    def get(self, model: type[models.Model] | None, pk: Any) -> Named | None:
        if model is None or pk is None:
            return None
        return self._found.get((model, str(pk)))

    def _records(self, model, ids):
        """The records through the model's default manager; a tenant model's read names
        the organisation (and runs inside its scope, as a request does)."""
        pk_field = model._meta.pk
        try:
            keys = [pk_field.to_python(value) for value in ids]
        except Exception:  # an id the trail wrote for a record of another shape
            return []
        records = model._default_manager.filter(pk__in=keys)
        concrete = {field.attname for field in model._meta.concrete_fields}
        if "organization_id" in concrete and self.organization_id is not None:
            records = records.filter(organization_id=self.organization_id)
        entry = extensions.record_pages.get(model._meta.label_lower)
        if entry is not None and entry.select_related:
            records = records.select_related(*entry.select_related)
        return records


def _paths(model: type[models.Model]) -> tuple[str, ...]:
    entry = extensions.record_pages.get(model._meta.label_lower)
    return entry.select_related if entry is not None and entry.select_related else ()


def _rebuilt(model: type[models.Model], state: dict) -> models.Model:
    """A record as its events wrote it (a redacted value left at its default)."""
    fields = fields_of(model)
    values = {}
    for attname, value in state.items():
        field = fields.get(attname)
        if field is None or is_redacted(value):
            continue
        # A value of an older shape of the model is left at its default.
        with suppress(ValidationError):
            values[attname] = field.to_python(value)
    record = model(**values)
    record._state.adding = False
    return record


def _attach(
    record: models.Model,
    paths: tuple[str, ...],
    built: dict[tuple[type[models.Model], str], models.Model | None],
    people: list,
) -> bool:
    """Sets on ``record`` the related records along ``paths`` from ``built``; the people
    (records outside the organisation) are listed in ``people`` to be read. False when a
    related record is not in ``built``."""
    for path in paths:
        name, _, rest = path.partition("__")
        field = record._meta.get_field(name)
        related_id = getattr(record, field.attname)  # type: ignore[union-attr]
        if related_id is None:
            continue
        target = field.related_model
        if not isinstance(target, type) or "organization_id" not in fields_of(target):
            people.append((record, name, target, related_id))
            continue
        related = built.get((target, str(related_id)))
        if related is None:
            return False
        setattr(record, name, related)
        if rest and not _attach(related, (rest,), built, people):
            return False
    return True


def _loaded(record: models.Model | None, path: str) -> bool:
    """Whether the related records along ``path`` ("supplier__party") are in memory."""
    for name in path.split("__"):
        if record is None:
            return True
        field = record._meta.get_field(name)
        if not field.is_cached(record):  # type: ignore[union-attr]
            return False
        record = getattr(record, name)
    return True


def fields_of(model: type[models.Model] | None) -> dict[str, models.Field]:
    if model is None:
        return {}
    return {field.attname: field for field in model._meta.concrete_fields}


def readable(field: models.Field | None, value: Any, names: RecordNames) -> Any:
    """A stored value as a person reads it: a choice's label, the name of the record a
    reference points at (with its page), Yes or No, a date and time in the local zone."""
    if value is None or value == "" or is_redacted(value) or field is None:
        return value
    if field.many_to_one:
        return names.get(field.related_model, value) or value
    if field.choices:
        choices = {str(key): label for key, label in field.flatchoices}
        return str(choices.get(str(value), value))
    if isinstance(field, models.BooleanField):
        return "Yes" if value else "No"
    if isinstance(field, models.DateTimeField) and isinstance(value, str):
        moment = parse_datetime(value)
        if moment is not None:
            if timezone.is_aware(moment):
                moment = timezone.localtime(moment)
            return formats.date_format(moment, "Y-m-d H:i")
    return value
