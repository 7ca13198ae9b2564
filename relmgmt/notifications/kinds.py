"""The kinds of reminder, registered by the apps that own the records they are about.

A kind says which records it reminds of, who its owner is (for escalation), when the record
counts as done (which stops every reminder of it), and whether members may switch it off.
A kind whose reminders reach both the organisation's staff and supplier portal users names
the page each of them opens (``staff_url``, ``portal_url``: ``(organization, record)`` to a
path); otherwise everyone follows the link the reminder was scheduled with.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class ReminderKind:
    key: str
    label: str
    model_label: str
    is_done: Callable = lambda record: False  # noqa: E731
    owner: Callable = lambda record: None  # noqa: E731
    escalate_after_days: int | None = None
    required: bool = False
    description: str = ""
    staff_url: Callable | None = None
    portal_url: Callable | None = None

    def url_for(self, organization, record, *, portal: bool) -> str | None:
        """The page a recipient opens, when the kind names one for their side."""
        link = self.portal_url if portal else self.staff_url
        return link(organization, record) if link and record is not None else None


_kinds: dict[str, ReminderKind] = {}


def register(kind: ReminderKind) -> ReminderKind:
    _kinds[kind.key] = kind
    return kind


def get(key: str) -> ReminderKind | None:
    return _kinds.get(key)


def all_kinds() -> list[ReminderKind]:
    return sorted(_kinds.values(), key=lambda kind: kind.label)


def choices() -> list[tuple[str, str]]:
    return [(kind.key, kind.label) for kind in all_kinds()]


REMINDER_FAILED = register(
    ReminderKind(
        key="notifications.reminder_failed",
        label="A reminder could not be sent",
        model_label="notifications.reminder",
        required=True,
        description="Told to admins when a reminder fails after its last attempt.",
    )
)
