"""Serializer fields the domain APIs share."""

from django.contrib.auth import get_user_model
from rest_framework import serializers

from relmgmt.tenancy import selectors


class MemberField(serializers.PrimaryKeyRelatedField):
    """A user, by id, who is a live member of the request's organisation (not a portal user).

    Anyone else is "not found", the same answer as for an id that does not exist, so the
    API never tells whether a user of another organisation exists.
    """

    def get_queryset(self):
        request = self.context.get("request")
        organization = getattr(getattr(request, "_request", request), "organization", None)
        if organization is None:
            return get_user_model().objects.none()
        return selectors.member_users(organization=organization)

    def use_pk_only_optimization(self):
        return True


class OwnerField(MemberField):
    """A record's owner, by id: a live member who may write records (not an auditor)."""

    def get_queryset(self):
        request = self.context.get("request")
        organization = getattr(getattr(request, "_request", request), "organization", None)
        if organization is None:
            return get_user_model().objects.none()
        return selectors.owner_users(organization=organization)
