"""The API of relationship plans: plans with their versions and sections; change a draft's
section; approve the draft (password and meaning: an electronic signature); start a new
version. Writes go through ``parties.services.plans``."""

from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from parties.filters.plans import PlanFilter, PlanSectionFilter
from parties.models import Party, PlanSection, PlanVersion, RelationshipPlan
from parties.selectors import plans as plan_selectors
from parties.selectors import register as party_selectors
from parties.services import plans as services
from relmgmt.api.base import OrganizationAPIMixin, serializer_organization, split_reason
from relmgmt.api.fields import OwnerField
from relmgmt.audit.models import Signature


class PlanSectionSerializer(serializers.ModelSerializer):
    label = serializers.CharField(source="get_key_display", read_only=True)
    owner = OwnerField(allow_null=True, required=False)
    reason = serializers.CharField(write_only=True, required=False, allow_blank=True)

    class Meta:
        model = PlanSection
        fields = ["id", "version", "key", "label", "content", "owner", "status", "reason"]
        read_only_fields = ["id", "version", "key"]


class SignatureSerializer(serializers.ModelSerializer):
    class Meta:
        model = Signature
        fields = ["signer_name", "signed_at", "meaning", "record_version"]
        read_only_fields = fields


class PlanVersionSerializer(serializers.ModelSerializer):
    signature = SignatureSerializer(read_only=True, allow_null=True)  # null until approved
    signature_is_current = serializers.SerializerMethodField()
    sections = PlanSectionSerializer(many=True, read_only=True)

    class Meta:
        model = PlanVersion
        fields = [
            "id",
            "number",
            "status",
            "approved_by",
            "approved_at",
            "signature",
            "signature_is_current",
            "sections",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.BooleanField(allow_null=True))
    def get_signature_is_current(self, version):
        """Null when unsigned; else whether the version is unchanged since it was signed."""
        if not version.signature_id:
            return None
        states = getattr(self.root, "_signature_states", None)
        if states is None:
            instance = self.root.instance
            plans = instance if isinstance(instance, list | tuple) else [instance]
            versions = [item for plan in plans for item in plan.versions.all()]
            states = services.signature_states(
                organization=serializer_organization(self), versions=versions
            )
            self.root._signature_states = states
        return states.get(version.pk)


class PlanSerializer(serializers.ModelSerializer):
    party = serializers.PrimaryKeyRelatedField(queryset=Party.objects.none())
    title = serializers.CharField(max_length=200, required=False, allow_blank=True)
    versions = PlanVersionSerializer(many=True, read_only=True)

    class Meta:
        model = RelationshipPlan
        fields = ["id", "party", "title", "versions", "created_at", "updated_at"]
        read_only_fields = ["id", "versions", "created_at", "updated_at"]
        validators = []  # one plan per party: the service's check, with a clear message

    def get_fields(self):
        fields = super().get_fields()
        organization = serializer_organization(self)
        if organization is not None:
            fields["party"].queryset = party_selectors.parties(organization=organization)
        return fields


class PlanApproveSerializer(serializers.Serializer):
    password = serializers.CharField(write_only=True, style={"input_type": "password"})
    meaning = serializers.CharField(
        max_length=200, required=False, allow_blank=True, help_text="Empty: “Approved v<n>”."
    )


class PlanViewSet(
    OrganizationAPIMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Relationship plans (ISO 44001) of strategic parties, with every version and section."""

    serializer_class = PlanSerializer
    filterset_class = PlanFilter
    queryset = RelationshipPlan.objects.none()
    http_method_names = ["get", "post", "head", "options"]

    @property
    def write_permission(self):
        return services.APPROVE_PERMISSION if self.action == "approve" else "records.change"

    select = staticmethod(plan_selectors.plans_in_full)

    def _plan_response(self, pk):
        plan = self.get_queryset().get(pk=pk)
        return Response(self.get_serializer(plan).data)

    def perform_create(self, serializer):
        plan = services.plan_create(
            organization=self.organization,
            actor=self.request.user,
            party=serializer.validated_data["party"],
            title=serializer.validated_data.get("title", ""),
        )
        serializer.instance = self.get_queryset().get(pk=plan.pk)

    @extend_schema(request=PlanApproveSerializer, responses=PlanSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None, **kwargs):
        """Approve and sign the plan's draft version (needs the plans.approve permission)."""
        plan = self.get_object()
        given = PlanApproveSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        draft = next((v for v in plan.versions.all() if v.status == PlanVersion.Status.DRAFT), None)
        if draft is None:
            raise ValidationError("The plan has no draft version to approve.")
        services.version_approve(
            organization=self.organization,
            actor=request.user,
            version=draft,
            password=given.validated_data["password"],
            meaning=given.validated_data.get("meaning", ""),
        )
        return self._plan_response(plan.pk)

    @extend_schema(request=None, responses=PlanSerializer)
    @action(detail=True, methods=["post"], url_path="new-version")
    def new_version(self, request, pk=None, **kwargs):
        """Start a new draft version, a copy of the approved one."""
        plan = self.get_object()
        services.version_start(organization=self.organization, actor=request.user, plan=plan)
        return self._plan_response(plan.pk)


class PlanSectionViewSet(
    OrganizationAPIMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Sections of plan versions; only a draft's sections are changed."""

    serializer_class = PlanSectionSerializer
    filterset_class = PlanSectionFilter
    queryset = PlanSection.objects.none()
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return PlanSection.objects.none()
        return plan_selectors.plan_sections(organization=self.organization).order_by(
            "version", "id"
        )

    def perform_update(self, serializer):
        data, reason = split_reason(serializer)
        serializer.instance = services.section_update(
            organization=self.organization,
            actor=self.request.user,
            section=serializer.instance,
            data=data,
            reason=reason,
        )
