"""Resolves ``/o/<org_slug>/`` (and ``/portal/<org_slug>/``, ``/api/v1/o/<org_slug>/``) once.

Sets ``request.organization``, ``request.membership`` and ``request.memberships`` (all of
the user's) and runs the rest of the request inside the organisation's scope, so every
tenant query is filtered by it. A slug that does not exist, or whose organisation the
signed-in user is no member of, is 404: the same answer either way, so nobody learns which
organisations exist. API requests authenticate in the API layer (tokens), which checks
membership the same way (and, for a session, the organisation's required two-factor
sign-in). A page marked ``open_to_anyone`` (relmgmt.core.access) asks no
membership: the organisation is resolved and nothing else.
"""

import zoneinfo

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils import timezone

from relmgmt.accounts.selectors import lacks_required_mfa
from relmgmt.core.logging import logging_organization
from relmgmt.core.scoping import org_scope
from relmgmt.tenancy import selectors, services
from relmgmt.tenancy.sessions import signed_out_for_idling


def _is_api(request) -> bool:
    return request.path_info.startswith("/api/")


def _unknown_organization(request, open_page):
    """The same answer as for an organisation that exists but is not the visitor's: the
    sign-in page for anonymous visitors (as every organisation page answers them), a plain
    404 otherwise."""
    if not request.user.is_authenticated and not open_page:
        return redirect_to_login(request.get_full_path())
    raise Http404("No such organisation.")


class OrganizationMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.organization = None
        request.membership = None
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return self.get_response(request)
        slug = match.kwargs.get("org_slug")
        if slug is None:
            return self.get_response(request)

        open_page = getattr(match.func, "open_to_anyone", False)
        as_member = not _is_api(request) and request.user.is_authenticated and not open_page
        if as_member:
            # One query for all of the user's memberships with their organisations: this
            # organisation's is among them (live organisations only), and the layout's
            # organisation switcher lists the rest. An unknown organisation and one the
            # user is no member of are the same 404; nothing of either reaches the page.
            request.memberships = selectors.memberships_of_user(request.user)
            request.membership = next(
                (m for m in request.memberships if m.organization.slug == slug), None
            )
            if request.membership is None:
                raise Http404("No such organisation.")
            organization = request.membership.organization
        else:
            organization = selectors.organization_by_slug(slug)
        if organization is None:
            if _is_api(request):
                # The API's views answer it as they answer a non-member (401 without
                # credentials, then 404): the same status, body and headers.
                return self.get_response(request)
            return _unknown_organization(request, open_page)

        if as_member:
            if signed_out_for_idling(request, organization):
                messages.info(request, "You were signed out after a while without activity.")
                return redirect_to_login(request.get_full_path())
            if lacks_required_mfa(organization=organization, user=request.user):
                messages.warning(
                    request,
                    f"{organization.name} requires two-factor authentication. "
                    "Set up an authenticator app to continue.",
                )
                return redirect("mfa_activate_totp")
        request.organization = organization

        # Dates are shown and entered in the organisation's time zone.
        timezone.activate(zoneinfo.ZoneInfo(organization.timezone))
        try:
            with org_scope(organization), logging_organization(organization.slug):
                response = self.get_response(request)
                # The API resolves the membership itself (tokens) and sets it on the request.
                services.auditor_access_record(request, response)
                return response
        finally:
            timezone.deactivate()
