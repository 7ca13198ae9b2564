"""The one place that decides who may do what. Views, the API and templates all ask here.

A permission is a name; each role holds a set of them. Objects of another organisation
never reach this module: they are not found (404) before any permission is asked.
"""

from django.db import models


class Role(models.TextChoices):
    ADMIN = "admin", "Admin"
    MANAGER = "manager", "Quality manager"
    AUDITOR = "auditor", "Auditor (read-only)"
    SUPPLIER = "supplier", "Supplier portal user"


STAFF_ROLES = frozenset({Role.ADMIN, Role.MANAGER, Role.AUDITOR})
WRITER_ROLES = frozenset({Role.ADMIN, Role.MANAGER})

PERMISSIONS: dict[str, frozenset[str]] = {
    # Reading the organisation's records, its history, and exporting evidence. A list's
    # export (relmgmt.core.exports) asks the list's own read permission: whoever may read
    # the list may export it, auditors included.
    "records.view": STAFF_ROLES,
    "history.view": STAFF_ROLES,
    "evidence.export": STAFF_ROLES,
    # Starting a check of the audit trail's hash chain (a background job that changes no
    # record): the people who answer for the trail's integrity, admins and auditors.
    "history.verify": frozenset({Role.ADMIN, Role.AUDITOR}),
    # Writing domain records.
    "records.change": WRITER_ROLES,
    # Approving and signing a relationship plan version (ISO 44001): an approval commits
    # the organisation, so it is its own permission even though today the writers hold it.
    "plans.approve": WRITER_ROLES,
    # Changing a supplier's approval status (approve, suspend, disqualify...; ISO 9001 8.4):
    # signed where it carries weight, and its own permission for the same reason.
    "suppliers.transition": WRITER_ROLES,
    # Reminders and notifications of the organisation.
    "organization.view": STAFF_ROLES,
    # Reminders of the organisation: what goes out next and what went out.
    "reminders.view": STAFF_ROLES,
    # A person's own notifications and notification choices.
    "notifications.own": frozenset(Role),
    # Members, invitations and the organisation's settings.
    "members.manage": frozenset({Role.ADMIN}),
    "settings.manage": frozenset({Role.ADMIN}),
    # The security log: refused writes and failed sign-ins, two-factor codes and tokens.
    "security.view": frozenset({Role.ADMIN}),
    # Reading the settings (evaluation criteria, schedules) without changing them.
    "settings.view": STAFF_ROLES,
    # API tokens: everyone staff manages their own; admins manage every member's.
    "tokens.manage_own": STAFF_ROLES,
    "tokens.manage_all": frozenset({Role.ADMIN}),
    # The supplier portal.
    "portal.use": frozenset({Role.SUPPLIER}),
    # Answering the supplier's own questionnaires in the portal (draft, submit).
    "questionnaires.answer": frozenset({Role.SUPPLIER}),
}


def roles_with(permission: str) -> frozenset[str]:
    """The roles that hold ``permission``."""
    try:
        return PERMISSIONS[permission]
    except KeyError as exc:
        raise ValueError(f"Unknown permission {permission!r}") from exc


# Who may own a record (a party, a supplier, a risk, an action...): the owner acts on it, so
# only members who may write records; an auditor reads and never owns.
OWNER_PERMISSION = "records.change"


def role_has(role: str, permission: str) -> bool:
    try:
        return role in PERMISSIONS[permission]
    except KeyError as exc:
        raise ValueError(f"Unknown permission {permission!r}") from exc


def can(membership, permission: str) -> bool:
    """May the holder of ``membership`` (or None for no membership) do ``permission``?"""
    if membership is None:
        return False
    return role_has(membership.role, permission)


def permissions_of(membership) -> frozenset[str]:
    if membership is None:
        return frozenset()
    return frozenset(name for name, roles in PERMISSIONS.items() if membership.role in roles)
