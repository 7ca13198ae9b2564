from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from relmgmt.api.models import ApiToken
from relmgmt.api.services import hash_key
from relmgmt.audit import security
from relmgmt.core.scoping import scopes_disabled


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """``Authorization: Token <key>``. The token's membership is ``request.auth``."""

    keyword = "Token"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            security.token_refused(request._request, detail="malformed header")
            raise exceptions.AuthenticationFailed(_("Give the token after 'Token '."))
        key = header[1].decode(errors="replace")
        with scopes_disabled():
            token = (
                ApiToken.objects.filter(key_hash=hash_key(key))
                .select_related("membership__user", "membership__organization")
                .first()
            )
        if token is None or not token.is_active or not token.membership.user.is_active:
            security.token_refused(
                request._request, detail="unknown token" if token is None else "revoked token"
            )
            raise exceptions.AuthenticationFailed(_("Invalid or revoked token."))
        token.mark_used()
        return token.membership.user, token

    def authenticate_header(self, request):
        return self.keyword


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = ApiTokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "Token-based authentication: `Token <key>`.",
        }
