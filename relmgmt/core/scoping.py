"""Tenant scoping: every query on a tenant-owned model runs inside one organisation.

django-scopes makes the default manager of every tenant model refuse to query unless a
scope is active, and filter by the active organisation when one is. The organisation
middleware activates the scope for a request, ``tenant_task`` for a Celery task, and
``org_scope`` for everything else (management commands, tests).
"""

from contextlib import contextmanager

from django_scopes import get_scope, scope, scopes_disabled

__all__ = ["active_organization_id", "org_scope", "scope_key", "scopes_disabled"]


@contextmanager
def org_scope(organization):
    """Run the block inside one organisation (an Organization or its id)."""
    organization_id = getattr(organization, "pk", organization)
    with scope(organization=organization_id):
        yield


def active_organization_id() -> int | None:
    current = get_scope()
    if not current.get("_enabled", True):
        return None
    return current.get("organization")


def scope_key() -> str:
    """Names the active scope, all of it (enabled or not, which organisation): what is
    built inside a scope, and reused, is kept under it."""
    return repr(sorted(get_scope().items()))
