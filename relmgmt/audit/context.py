"""Who is acting, and why: carried through a request or a task to every audit event."""

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace
from datetime import date


@dataclass(frozen=True)
class AuditActor:
    user_id: int | None = None
    label: str = "system"
    reason: str = ""
    source: str = "system"  # web, api, task, command, system, import
    happened_on: date | None = None  # for imported facts: the day they happened


_current: ContextVar[AuditActor] = ContextVar("audit_actor", default=AuditActor())  # noqa: B039 (frozen)


def current_actor() -> AuditActor:
    return _current.get()


@contextmanager
def acting_as(user=None, *, label: str | None = None, source: str | None = None):
    """Attribute the writes inside the block to ``user`` (or to the named system actor)."""
    previous = _current.get()
    if user is not None and getattr(user, "is_authenticated", False):
        actor = AuditActor(
            user_id=user.pk,
            label=user.email,
            source=source or previous.source,
            happened_on=previous.happened_on,
        )
    else:
        actor = AuditActor(
            label=label or "system",
            source=source or previous.source,
            happened_on=previous.happened_on,
        )
    token = _current.set(actor)
    try:
        yield actor
    finally:
        _current.reset(token)


@contextmanager
def audit_reason(reason: str):
    """Record ``reason`` on every event written inside the block."""
    token = _current.set(replace(_current.get(), reason=reason))
    try:
        yield
    finally:
        _current.reset(token)


IMPORT_SOURCE = "import"


@contextmanager
def imported_fact(happened_on: date):
    """Mark the writes inside the block as a fact imported from before the system, which
    happened on ``happened_on``: their events carry the source "import" and that day."""
    token = _current.set(replace(_current.get(), source=IMPORT_SOURCE, happened_on=happened_on))
    try:
        yield
    finally:
        _current.reset(token)


def attribute_to(user, *, source: str) -> None:
    """Attribute the rest of the current request to ``user``; the request's middleware
    restores the previous actor when the request ends. For API authentication, which happens
    inside the view, after the middleware has run."""
    _current.set(AuditActor(user_id=user.pk, label=user.email, source=source))
