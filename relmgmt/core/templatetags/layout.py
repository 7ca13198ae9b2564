"""``{% site_header %}``: the layout's header (the menu, the organisation switcher, the
account menu), on every page.

The header shows only who is signed in, their organisations and roles, the organisation
of the page and what the registered apps put in the menu; none of it changes from one
request to the next while those stay the same. Each process keeps the header it rendered
under exactly those (``_header_key``), so a page renders it once, not on every request,
and a change of any of them (a new name, a membership, a role) renders it afresh.
"""

from collections import OrderedDict
from threading import Lock

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

TEMPLATE = "includes/site_header.html"
KEPT = 2048  # headers kept per process, the least recently shown dropped first

_kept: OrderedDict[tuple, SafeString] = OrderedDict()
_lock = Lock()


@register.simple_tag(takes_context=True)
def site_header(context) -> SafeString:
    key = _header_key(context)
    with _lock:
        if key in _kept:
            _kept.move_to_end(key)
            return _kept[key]
    header = mark_safe(render_to_string(TEMPLATE, context.flatten()))  # noqa: S308 (rendered)
    with _lock:
        _kept[key] = header
        if len(_kept) > KEPT:
            _kept.popitem(last=False)
    return header


def _header_key(context) -> tuple:
    """Everything ``includes/site_header.html`` reads, and the URL configuration its links
    are reversed under."""
    user = context.get("user")
    signed_in = bool(user is not None and user.is_authenticated)
    organization = context.get("organization")
    read_memberships = context.get("my_memberships")
    memberships = read_memberships() if signed_in and callable(read_memberships) else ()
    return (
        get_urlconf() or settings.ROOT_URLCONF,
        get_script_prefix(),
        (organization.pk, organization.slug, organization.name) if organization else None,
        context.get("membership") is not None,
        context.get("perms_in_org", frozenset()),
        (user.pk, user.display_name, user.is_superuser) if signed_in else None,
        tuple(
            (m.role, m.organization_id, m.organization.slug, m.organization.name)
            for m in memberships
        ),
    )
