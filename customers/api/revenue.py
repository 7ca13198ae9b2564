"""Revenue per customer through the API (list with the page's filters, see, create, change,
delete with ``?reason=``), and the customer figures with the page's filters. Writes go
through the services."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from customers.filters.revenue import RevenueFilter, figures_from_query
from customers.models import Revenue
from customers.selectors import revenue as selectors
from customers.services import revenue as services
from parties.models import Party, PartyType, Tier
from parties.selectors import register as party_selectors
from relmgmt.api.base import OrganizationAPIMixin, OrganizationFieldsMixin, split_reason


class RevenueSerializer(OrganizationFieldsMixin, serializers.ModelSerializer):
    party = serializers.PrimaryKeyRelatedField(queryset=Party.objects.none())
    reason = serializers.CharField(write_only=True, required=False, allow_blank=True)

    related = {"party": party_selectors.parties}

    class Meta:
        model = Revenue
        fields = [
            "id",
            *services.FIELDS,
            "entered_by",
            "created_at",
            "updated_at",
            "reason",
        ]
        read_only_fields = ["id", "entered_by", "created_at", "updated_at"]


class CustomerFigureRowSerializer(serializers.Serializer):
    segment = serializers.CharField(allow_blank=True)
    period = serializers.CharField()
    period_start = serializers.DateField()
    at_start = serializers.IntegerField()
    active = serializers.IntegerField()
    new = serializers.IntegerField()
    won_back = serializers.IntegerField()
    lost = serializers.IntegerField()
    retained = serializers.IntegerField()
    retention_rate = serializers.FloatField(allow_null=True)
    churn_rate = serializers.FloatField(allow_null=True)
    revenue = serializers.DecimalField(max_digits=20, decimal_places=2)
    revenue_per_account = serializers.DecimalField(max_digits=20, decimal_places=2, allow_null=True)
    share_of_wallet = serializers.FloatField(allow_null=True)
    margin_per_account = serializers.DecimalField(max_digits=20, decimal_places=2, allow_null=True)


class CustomerLifetimeSerializer(serializers.Serializer):
    segment = serializers.CharField(allow_blank=True)
    average_churn_rate = serializers.FloatField(allow_null=True)
    expected_lifetime_periods = serializers.FloatField(allow_null=True)
    margin_per_account_period = serializers.DecimalField(
        max_digits=20, decimal_places=2, allow_null=True
    )
    lifetime_value = serializers.DecimalField(max_digits=20, decimal_places=2, allow_null=True)


class CustomerFiguresSerializer(serializers.Serializer):
    grain = serializers.CharField()
    lost_after_periods = serializers.IntegerField()
    rows = CustomerFigureRowSerializer(many=True)
    lifetime = CustomerLifetimeSerializer(many=True)


FIGURE_PARAMETERS = [
    OpenApiParameter("grain", OpenApiTypes.STR, enum=["quarter", "month"]),
    OpenApiParameter("start", OpenApiTypes.DATE, description="A day of the first period."),
    OpenApiParameter("end", OpenApiTypes.DATE, description="A day of the last period."),
    OpenApiParameter("segment", OpenApiTypes.STR, enum=["", "tier", "owner"]),
    OpenApiParameter("type", OpenApiTypes.STR, enum=list(PartyType.values)),
    OpenApiParameter("tier", OpenApiTypes.STR, enum=list(Tier.values)),
    OpenApiParameter("owner", OpenApiTypes.INT, description="The owner's user id."),
]


class RevenueViewSet(
    OrganizationAPIMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Revenue per customer and month or quarter, with the customer's category spend (share
    of wallet) and the margin where known."""

    serializer_class = RevenueSerializer
    filterset_class = RevenueFilter
    queryset = Revenue.objects.none()
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    select = staticmethod(selectors.revenues)

    def perform_create(self, serializer):
        data, _reason = split_reason(serializer)
        revenue = services.revenue_create(
            organization=self.organization, actor=self.request.user, data=data
        )
        serializer.instance = self.get_queryset().get(pk=revenue.pk)

    def perform_update(self, serializer):
        data, reason = split_reason(serializer)
        revenue = services.revenue_update(
            organization=self.organization,
            actor=self.request.user,
            revenue=serializer.instance,
            data=data,
            reason=reason,
        )
        serializer.instance = self.get_queryset().get(pk=revenue.pk)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "reason", OpenApiTypes.STR, required=True, description="Why it is deleted."
            )
        ]
    )
    def destroy(self, request, *args, **kwargs):
        return super().destroy(request, *args, **kwargs)

    def perform_destroy(self, instance):
        services.revenue_delete(
            organization=self.organization,
            actor=self.request.user,
            revenue=instance,
            reason=self.request.query_params.get("reason", ""),
        )

    @extend_schema(parameters=FIGURE_PARAMETERS, responses={200: CustomerFiguresSerializer})
    @action(detail=False, methods=["get"])
    def figures(self, request, **kwargs):
        """Customer figures per period and segment, with the page's filters (the figures
        page says how each is computed)."""
        figures, form, segments = figures_from_query(request._request, request.query_params)
        if figures is None:
            errors = {**form.errors, **(segments.errors if segments.form.is_bound else {})}
            raise serializers.ValidationError(errors)
        body = {
            "grain": figures.grain,
            "lost_after_periods": figures.lost_after,
            "rows": [
                {
                    "segment": "" if row.segment is None else str(row.segment),
                    "period": row.period.label,
                    "period_start": row.period.start,
                    "at_start": row.at_start,
                    "active": row.active,
                    "new": row.new,
                    "won_back": row.won_back,
                    "lost": row.lost,
                    "retained": row.retained,
                    "retention_rate": row.retention_rate,
                    "churn_rate": row.churn_rate,
                    "revenue": row.revenue,
                    "revenue_per_account": row.revenue_per_account,
                    "share_of_wallet": row.share_of_wallet,
                    "margin_per_account": row.margin_per_account,
                }
                for row in figures.rows
            ],
            "lifetime": [
                {"segment": "" if key is None else str(key), **figures.lifetime(key)}
                for key in figures.segments
            ],
        }
        return Response(CustomerFiguresSerializer(body).data)
