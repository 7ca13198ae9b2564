"""The API of contacts (with consent, export and erasure), interactions with their
participants, and follow-up actions. Writes go through the services; lists use the same
FilterSets as the pages."""

from django.db import transaction
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from parties.api import WriteViaServicesMixin
from parties.filters.contacts import ContactFilter
from parties.filters.interactions import FollowUpFilter, InteractionFilter
from parties.models import Contact, FollowUp, Interaction, Party
from parties.selectors import contacts as contact_selectors
from parties.selectors import interactions as interaction_selectors
from parties.selectors import register as party_selectors
from parties.services import contacts as contact_services
from parties.services import interactions as interaction_services
from relmgmt import policy
from relmgmt.api.base import OrganizationAPIMixin
from relmgmt.api.fields import MemberField


def _organization(serializer):
    request = serializer.context.get("request")
    return getattr(getattr(request, "_request", request), "organization", None)


class OrganizationFieldsMixin:
    """Limit the related records a client may name to the request's organisation; the
    parent record is chosen on create only."""

    related = {}  # field -> function(organization) giving its queryset
    parent = None

    def get_fields(self):
        fields = super().get_fields()
        organization = _organization(self)
        for name, queryset_of in self.related.items():
            field = fields[name]
            target = field.child_relation if hasattr(field, "child_relation") else field
            if organization is not None:
                target.queryset = queryset_of(organization)
        if self.parent and self.instance is not None and not isinstance(self.instance, list):
            fields[self.parent].read_only = True
        return fields


class ContactSerializer(OrganizationFieldsMixin, serializers.ModelSerializer):
    related = {"party": lambda organization: party_selectors.parties(organization=organization)}
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


class InteractionSerializer(OrganizationFieldsMixin, serializers.ModelSerializer):
    related = {
        "party": lambda organization: party_selectors.parties(organization=organization),
        "contacts": lambda organization: contact_selectors.contacts(organization=organization),
    }
    parent = "party"

    party = serializers.PrimaryKeyRelatedField(queryset=Party.objects.none())
    contacts = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Contact.objects.none(), required=False
    )
    members = MemberField(many=True, required=False)
    open_follow_ups = serializers.IntegerField(read_only=True)
    reason = serializers.CharField(write_only=True, required=False, allow_blank=True)

    class Meta:
        model = Interaction
        fields = [
            "id",
            "party",
            "kind",
            "occurred_on",
            "summary",
            "decisions",
            "contacts",
            "members",
            "open_follow_ups",
            "created_at",
            "updated_at",
            "reason",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]


class InteractionViewSet(
    OrganizationAPIMixin,
    WriteViaServicesMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Meetings, calls, emails, visits and business reviews with a party, with the
    contacts and members who took part (ids; contacts of the interaction's party only)."""

    serializer_class = InteractionSerializer
    filterset_class = InteractionFilter
    queryset = Interaction.objects.none()
    http_method_names = ["get", "post", "patch", "head", "options"]

    select = staticmethod(interaction_selectors.interactions)

    def perform_create(self, serializer):
        data, _reason = self.split(serializer)
        party = data.pop("party")
        interaction = interaction_services.interaction_create(
            organization=self.organization, actor=self.request.user, party=party, data=data
        )
        serializer.instance = self.get_queryset().get(pk=interaction.pk)

    def perform_update(self, serializer):
        data, reason = self.split(serializer)
        interaction = interaction_services.interaction_update(
            organization=self.organization,
            actor=self.request.user,
            interaction=serializer.instance,
            data=data,
            reason=reason,
        )
        serializer.instance = self.get_queryset().get(pk=interaction.pk)


class DoneField(serializers.BooleanField):
    """Read: whether the action is done. Write: mark it done, or open it again."""

    def get_attribute(self, instance):
        return instance.done_at is not None


class FollowUpSerializer(OrganizationFieldsMixin, serializers.ModelSerializer):
    related = {"interaction": lambda org: Interaction.objects.filter(organization=org)}
    parent = "interaction"

    interaction = serializers.PrimaryKeyRelatedField(queryset=Interaction.objects.none())
    owner = MemberField()
    done = DoneField(required=False)
    reason = serializers.CharField(write_only=True, required=False, allow_blank=True)

    class Meta:
        model = FollowUp
        fields = [
            "id",
            "interaction",
            "description",
            "owner",
            "due_on",
            "done",
            "done_at",
            "created_at",
            "updated_at",
            "reason",
        ]
        read_only_fields = ["id", "done_at", "created_at", "updated_at"]


class FollowUpViewSet(
    OrganizationAPIMixin,
    WriteViaServicesMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Actions agreed in interactions: owner, due date (reminded), done or open."""

    serializer_class = FollowUpSerializer
    filterset_class = FollowUpFilter
    queryset = FollowUp.objects.none()
    http_method_names = ["get", "post", "patch", "head", "options"]

    select = staticmethod(interaction_selectors.follow_ups)

    def perform_create(self, serializer):
        data, _reason = self.split(serializer)
        done = data.pop("done", False)
        interaction = data.pop("interaction")
        with transaction.atomic():
            follow_up = interaction_services.follow_up_create(
                organization=self.organization,
                actor=self.request.user,
                interaction=interaction,
                data=data,
            )
            if done:
                follow_up = self._set_done(follow_up, done)
        serializer.instance = follow_up

    def perform_update(self, serializer):
        data, reason = self.split(serializer)
        done = data.pop("done", None)
        with transaction.atomic():
            follow_up = interaction_services.follow_up_update(
                organization=self.organization,
                actor=self.request.user,
                follow_up=serializer.instance,
                data=data,
                reason=reason,
            )
            if done is not None:
                follow_up = self._set_done(follow_up, done)
        serializer.instance = follow_up

    def _set_done(self, follow_up, done):
        return interaction_services.follow_up_set_done(
            organization=self.organization, actor=self.request.user, follow_up=follow_up, done=done
        )
