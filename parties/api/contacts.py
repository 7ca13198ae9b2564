"""The API of contacts, with their consent, the export of their personal data and its
erasure. Writes go through the services; lists use the same FilterSets as the pages."""

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from parties.api.register import WriteViaServicesMixin
from parties.filters.contacts import ContactFilter
from parties.models import Contact, Party
from parties.selectors import contacts as contact_selectors
from parties.selectors import register as party_selectors
from parties.services import contacts as contact_services
from relmgmt import policy
from relmgmt.api.base import OrganizationAPIMixin, OrganizationFieldsMixin


class ContactSerializer(OrganizationFieldsMixin, serializers.ModelSerializer):
    related = {"party": party_selectors.parties}
    parent = "party"

    party = serializers.PrimaryKeyRelatedField(queryset=Party.objects.none())
    may_be_contacted = serializers.BooleanField(source="has_consent", read_only=True)
    reason = serializers.CharField(write_only=True, required=False, allow_blank=True)

    class Meta:
        model = Contact
        fields = [
            "id",
            "party",
            "name",
            "job_title",
            "email",
            "phone",
            "preferred_channel",
            "may_be_contacted",
            "consent_given_at",
            "consent_method",
            "consent_withdrawn_at",
            "erased_at",
            "created_at",
            "updated_at",
            "reason",
        ]
        read_only_fields = [
            "id",
            "consent_given_at",
            "consent_method",
            "consent_withdrawn_at",
            "erased_at",
            "created_at",
            "updated_at",
        ]


class ConsentSerializer(serializers.Serializer):
    given_at = serializers.DateTimeField(required=False, allow_null=True)
    method = serializers.CharField(max_length=200)


class WithdrawConsentSerializer(serializers.Serializer):
    withdrawn_at = serializers.DateTimeField(required=False, allow_null=True)


class EraseSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500)


class ContactViewSet(
    OrganizationAPIMixin,
    WriteViaServicesMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """People at the parties, their consent to be contacted, and their personal data on
    request: export (a subject access request) and erasure."""

    serializer_class = ContactSerializer
    filterset_class = ContactFilter
    queryset = Contact.objects.none()
    http_method_names = ["get", "post", "patch", "head", "options"]

    select = staticmethod(contact_selectors.contacts)

    def perform_create(self, serializer):
        data, _reason = self.split(serializer)
        party = data.pop("party")
        serializer.instance = contact_services.contact_create(
            organization=self.organization, actor=self.request.user, party=party, data=data
        )

    def perform_update(self, serializer):
        data, reason = self.split(serializer)
        serializer.instance = contact_services.contact_update(
            organization=self.organization,
            actor=self.request.user,
            contact=serializer.instance,
            data=data,
            reason=reason,
        )

    def _answer(self, contact):
        return Response(ContactSerializer(contact, context=self.get_serializer_context()).data)

    @extend_schema(request=ConsentSerializer, responses=ContactSerializer)
    @action(detail=True, methods=["post"])
    def consent(self, request, pk=None, **kwargs):
        """Record that the contact consented to be contacted: when, and how."""
        contact = self.get_object()
        given = ConsentSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        return self._answer(
            contact_services.consent_record(
                organization=self.organization,
                actor=request.user,
                contact=contact,
                given_at=given.validated_data.get("given_at"),
                method=given.validated_data["method"],
            )
        )

    @extend_schema(request=WithdrawConsentSerializer, responses=ContactSerializer)
    @action(detail=True, methods=["post"], url_path="withdraw-consent")
    def withdraw_consent(self, request, pk=None, **kwargs):
        contact = self.get_object()
        withdrawn = WithdrawConsentSerializer(data=request.data)
        withdrawn.is_valid(raise_exception=True)
        return self._answer(
            contact_services.consent_withdraw(
                organization=self.organization,
                actor=request.user,
                contact=contact,
                withdrawn_at=withdrawn.validated_data.get("withdrawn_at"),
            )
        )

    @extend_schema(responses=OpenApiTypes.OBJECT)
    @action(detail=True, methods=["get"])
    def export(self, request, pk=None, **kwargs):
        """The contact's personal data, consent and interactions, as one JSON document."""
        if not policy.can(request.membership, "evidence.export"):
            raise exceptions.PermissionDenied("Your role may not export personal data.")
        contact = self.get_object()
        data = {
            "organization": self.organization.name,
            "exported_at": timezone.now(),
            **contact_selectors.contact_personal_data(
                organization=self.organization, contact=contact
            ),
        }
        response = Response(data)
        response["Content-Disposition"] = f'attachment; filename="contact-{contact.pk}.json"'
        return response

    @extend_schema(request=EraseSerializer, responses=ContactSerializer)
    @action(detail=True, methods=["post"])
    def erase(self, request, pk=None, **kwargs):
        """Erase the contact's personal data, history included (cannot be undone)."""
        contact = self.get_object()
        erase = EraseSerializer(data=request.data)
        erase.is_valid(raise_exception=True)
        return self._answer(
            contact_services.contact_erase(
                organization=self.organization,
                actor=request.user,
                contact=contact,
                reason=erase.validated_data["reason"],
            )
        )
