"""Supply continuity in the API: each supplied category with its approved sources, its
single-source flag, criticality, backup and plans (read; a category's backup is named with
the ``backup`` action), and the contingency plans (written through the services)."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from relmgmt.api.base import OrganizationAPIMixin, split_reason
from relmgmt.api.fields import OwnerField
from suppliers.api.fields import OrganizationSupplierField
from suppliers.models import CategorySourcing, ContingencyPlan
from suppliers.models.register import Category, Criticality
from suppliers.selectors import continuity as selectors
from suppliers.services import continuity as services


class SourceSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    code = serializers.CharField()
    name = serializers.CharField()


class CategoryContinuitySerializer(serializers.Serializer):
    category = serializers.ChoiceField(choices=Category.choices)
    label = serializers.CharField()
    criticality = serializers.ChoiceField(
        choices=Criticality.choices, help_text="That of its most critical supplier."
    )
    sources = serializers.IntegerField(help_text="How many approved suppliers supply it.")
    approved = SourceSerializer(many=True)
    single_source = serializers.BooleanField(
        help_text="One approved source, or one approved supplier above the organisation's "
        "share of the category's spend in its last full year with spend recorded."
    )
    single_source_reason = serializers.CharField(
        help_text='Why it is single-source: "one approved source" or "85% of 2025 spend with '
        'S-001"; blank when it is not.'
    )
    single_source_supplier = serializers.SerializerMethodField()
    spend_year = serializers.SerializerMethodField()
    spend_leader_share = serializers.SerializerMethodField()
    without_source = serializers.BooleanField()
    backup_supplier = serializers.SerializerMethodField()
    backup_state = serializers.ChoiceField(
        choices=[("approved", "Approved"), ("in_evaluation", "In evaluation")],
        allow_blank=True,
        read_only=True,
    )
    backup_due_on = serializers.SerializerMethodField()
    at_risk = serializers.BooleanField(
        help_text="Single-source or without an approved source, with no approved backup."
    )
    needs_plan = serializers.BooleanField(help_text="Critical, at risk, and without a plan.")
    plans = serializers.SerializerMethodField()

    def get_single_source_supplier(self, row) -> int | None:
        supplier = row.single_source_supplier
        return supplier.pk if supplier else None

    def get_spend_year(self, row) -> int | None:
        """The last full calendar year with spend recorded for the category (None: none)."""
        return row.lead.year if row.lead else None

    def get_spend_leader_share(self, row) -> float | None:
        """Percent of that year's spend held by the supplier with the most (any status)."""
        return round(float(row.lead.share), 1) if row.lead else None

    def get_backup_supplier(self, row) -> int | None:
        return row.backup.pk if row.backup else None

    def get_backup_due_on(self, row) -> str | None:
        due = row.sourcing.backup_due_on if row.sourcing else None
        return due.isoformat() if due else None

    def get_plans(self, row) -> list[int]:
        return [plan.pk for plan in row.plans]


class BackupRequestSerializer(serializers.Serializer):
    category = serializers.ChoiceField(choices=Category.choices)
    backup_supplier = OrganizationSupplierField(allow_null=True, required=False)
    backup_due_on = serializers.DateField(allow_null=True, required=False)
    notes = serializers.CharField(allow_blank=True, required=False, max_length=5000)


class SupplyContinuityViewSet(OrganizationAPIMixin, viewsets.GenericViewSet):
    """Each supplied category with its approved sources (suppliers on the approved list),
    whether it is single-source, its criticality, its backup and its contingency plans."""

    serializer_class = CategoryContinuitySerializer
    queryset = CategorySourcing.objects.none()
    pagination_class = None
    filter_backends: list = []

    @extend_schema(responses=CategoryContinuitySerializer(many=True))
    def list(self, request, **kwargs):
        rows = selectors.continuity(organization=self.organization)
        return Response(CategoryContinuitySerializer(rows, many=True).data)

    @extend_schema(request=BackupRequestSerializer, responses=CategoryContinuitySerializer)
    @action(detail=False, methods=["post"])
    def backup(self, request, **kwargs):
        """Name (or clear, with a null ``backup_supplier``) a category's backup supplier:
        approved, or being evaluated with ``backup_due_on``."""
        given = BackupRequestSerializer(data=request.data, context={"request": request})
        given.is_valid(raise_exception=True)
        data = dict(given.validated_data)
        category = data.pop("category")
        services.sourcing_save(
            organization=self.organization, actor=request.user, category=category, data=data
        )
        rows = selectors.continuity(organization=self.organization)
        row = next(row for row in rows if row.category == category)
        return Response(CategoryContinuitySerializer(row).data)


class ContingencyPlanSerializer(serializers.ModelSerializer):
    supplier = OrganizationSupplierField(allow_null=True, required=False)
    owner = OwnerField(allow_null=True, required=False)
    category = serializers.ChoiceField(choices=Category.choices, allow_blank=True, required=False)
    reason = serializers.CharField(write_only=True, required=False, allow_blank=True)

    class Meta:
        model = ContingencyPlan
        fields = [
            "id",
            "title",
            "category",
            "supplier",
            "trigger",
            "actions",
            "owner",
            "last_tested_on",
            "review_every_months",
            "next_review_on",
            "created_at",
            "updated_at",
            "reason",
        ]
        read_only_fields = ["next_review_on", "created_at", "updated_at"]

    def create(self, validated_data):
        raise NotImplementedError

    def update(self, instance, validated_data):
        raise NotImplementedError


class ContingencyPlanViewSet(
    OrganizationAPIMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Contingency plans for critical categories and suppliers, the next review first."""

    serializer_class = ContingencyPlanSerializer
    queryset = ContingencyPlan.objects.none()
    http_method_names = ["get", "post", "patch", "head", "options"]
    select = staticmethod(selectors.plans)

    def perform_create(self, serializer):
        data, _reason = split_reason(serializer)
        plan = services.plan_create(
            organization=self.organization, actor=self.request.user, data=data
        )
        serializer.instance = self.get_queryset().get(pk=plan.pk)

    def perform_update(self, serializer):
        data, reason = split_reason(serializer)
        plan = services.plan_update(
            organization=self.organization,
            actor=self.request.user,
            plan=serializer.instance,
            data=data,
            reason=reason,
        )
        serializer.instance = self.get_queryset().get(pk=plan.pk)
