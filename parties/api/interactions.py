"""The API of interactions with their participants, and of follow-up actions. Writes go
through the services; lists use the same FilterSets as the pages."""

from rest_framework import mixins, serializers, viewsets

from parties.api.register import WriteViaServicesMixin
from parties.filters.interactions import FollowUpFilter, InteractionFilter
from parties.models import Contact, FollowUp, Interaction, Party
from parties.selectors import contacts as contact_selectors
from parties.selectors import interactions as interaction_selectors
from parties.selectors import register as party_selectors
from parties.services import interactions as interaction_services
from relmgmt.api.base import OrganizationAPIMixin, OrganizationFieldsMixin
from relmgmt.api.fields import MemberField, OwnerField


class InteractionSerializer(OrganizationFieldsMixin, serializers.ModelSerializer):
    related = {
        "party": party_selectors.parties,
        "contacts": contact_selectors.contacts,
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
    related = {
        "interaction": lambda organization: Interaction.objects.filter(organization=organization)
    }
    parent = "interaction"

    interaction = serializers.PrimaryKeyRelatedField(queryset=Interaction.objects.none())
    owner = OwnerField()
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
        serializer.instance = interaction_services.follow_up_create(
            organization=self.organization,
            actor=self.request.user,
            interaction=interaction,
            data=data,
            done=done,
        )

    def perform_update(self, serializer):
        data, reason = self.split(serializer)
        done = data.pop("done", None)
        serializer.instance = interaction_services.follow_up_update(
            organization=self.organization,
            actor=self.request.user,
            follow_up=serializer.instance,
            data=data,
            reason=reason,
            done=done,
        )
