"""The supplier's profile as the portal shows it (code, name, status, what it supplies,
address, contacts), and the changes of its contacts and address it proposes: they wait for
the buyer, who accepts or rejects them, exactly as a proposal made on the portal page."""

from drf_spectacular.utils import extend_schema
from rest_framework import generics, mixins, serializers, status, viewsets
from rest_framework.parsers import JSONParser
from rest_framework.response import Response

from parties.models import Contact
from suppliers.filters.portal import PortalProfileChangeFilter
from suppliers.models import ProfileChange, Supplier
from suppliers.models.portal import CONTACT_PROPOSAL_FIELDS, ProfileChangeKind
from suppliers.models.register import ApprovalStatus
from suppliers.selectors import portal as selectors
from suppliers.services import portal as portal_services

from .base import PortalAPIMixin


class PortalContactSerializer(serializers.ModelSerializer):
    class Meta:
        model = Contact
        fields = ["id", "name", "job_title", "email", "phone"]
        read_only_fields = fields


class PortalProfileSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField(source="party.name")
    status = serializers.CharField(help_text="The approval status (ISO 9001 8.4).")
    status_label = serializers.CharField(source="get_status_display")
    conditions_until = serializers.DateField(
        allow_null=True, help_text="Conditionally approved: until when."
    )
    categories = serializers.ListField(child=serializers.CharField(), help_text="What it supplies.")
    category_labels = serializers.ListField(
        child=serializers.CharField(), source="get_categories_display"
    )
    address = serializers.CharField(source="party.address")
    contacts = PortalContactSerializer(many=True, source="contact_list")

    def to_representation(self, supplier):
        data = super().to_representation(supplier)
        if supplier.status != ApprovalStatus.CONDITIONALLY_APPROVED:
            data["conditions_until"] = None
        return data


class ProfileView(PortalAPIMixin, generics.GenericAPIView):
    """The supplier's own profile, with its contacts (their ids name a contact to change)."""

    serializer_class = PortalProfileSerializer
    queryset = Supplier.objects.none()

    def get(self, request, **kwargs):
        supplier = self.supplier
        supplier.contact_list = list(
            selectors.portal_contacts(organization=self.organization, supplier=supplier)
        )
        return Response(self.get_serializer(supplier).data)


class PortalProfileChangeSerializer(serializers.ModelSerializer):
    # Null for a proposal of a new contact (no ``default``: see TransitionSerializer).
    contact_name = serializers.CharField(source="contact.name", read_only=True, allow_null=True)

    class Meta:
        model = ProfileChange
        fields = [
            "id",
            "kind",
            "contact",
            "contact_name",
            "proposed",
            "comment",
            "status",
            "created_at",
            "decided_at",
            "rejection_reason",
        ]
        read_only_fields = fields


class PortalProposalSerializer(serializers.Serializer):
    """A proposal: a new contact, a change of one of the supplier's contacts (the fields
    left out keep their current value), or a new address."""

    kind = serializers.ChoiceField(choices=ProfileChangeKind.choices)
    contact = serializers.PrimaryKeyRelatedField(
        queryset=Contact.objects.none(),
        required=False,
        allow_null=True,
        help_text="The contact to change (contact_change only): one of the profile's contacts.",
    )
    name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    job_title = serializers.CharField(max_length=200, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    phone = serializers.CharField(max_length=50, required=False, allow_blank=True)
    address = serializers.CharField(
        max_length=2000, required=False, allow_blank=True, help_text="address only."
    )
    comment = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="A note to your customer."
    )

    def get_fields(self):
        fields = super().get_fields()
        view = self.context.get("view")
        if view is not None and not getattr(view, "swagger_fake_view", False):
            fields["contact"].queryset = selectors.portal_contacts(
                organization=view.organization, supplier=view.supplier
            )
        return fields


class ProfileChangeViewSet(
    PortalAPIMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """The changes the supplier proposed, newest first, with the buyer's decision."""

    serializer_class = PortalProfileChangeSerializer
    filterset_class = PortalProfileChangeFilter
    queryset = ProfileChange.objects.none()
    parser_classes = [JSONParser]
    select = staticmethod(selectors.portal_profile_changes)

    @extend_schema(request=PortalProposalSerializer, responses={201: PortalProfileChangeSerializer})
    def create(self, request, **kwargs):
        """Propose a change; nothing of the profile changes until the buyer accepts it."""
        given = PortalProposalSerializer(data=request.data, context=self.get_serializer_context())
        given.is_valid(raise_exception=True)
        data = dict(given.validated_data)
        kind, contact = data.pop("kind"), data.pop("contact", None)
        comment = data.pop("comment", "")
        if kind == ProfileChangeKind.CONTACT_CHANGE and contact is not None:
            # As on the page, which starts from the contact as it stands.
            data = {
                field: data.get(field, getattr(contact, field)) for field in CONTACT_PROPOSAL_FIELDS
            }
        change = portal_services.profile_change_propose(
            organization=self.organization,
            actor=request.user,
            supplier=self.supplier,
            kind=kind,
            contact=contact,
            data=data,
            comment=comment,
        )
        body = self.get_serializer(self.get_queryset().get(pk=change.pk)).data
        return Response(body, status=status.HTTP_201_CREATED)
