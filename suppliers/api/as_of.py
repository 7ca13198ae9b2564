"""The supplier register and the certificate list as they stood at the end of a day, in the
API: the rows of the as-of exports (``suppliers.selectors.as_of``), with ids. The viewsets'
``as-of`` operations (``suppliers.api.register``, ``suppliers.api.certificates``) read the
date and page them."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from suppliers.models import Certificate
from suppliers.models.certificates import CertificateType
from suppliers.models.register import ApprovalStatus, Category, Criticality
from suppliers.models.scorecards import Standing
from suppliers.selectors.certificates import certificate_gaps


class CertificateGapSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=CertificateType.choices)
    problem = serializers.ChoiceField(choices=[("missing", "missing"), ("expired", "expired")])


class SupplierAsOfSerializer(serializers.Serializer):
    """A row of the supplier list with its values then (the status from the transition log).
    The owner is named as they are now. For a past day the standing (a derived figure) and
    the only-approved-source mark are not given (null, empty)."""

    id = serializers.IntegerField(source="pk")
    code = serializers.CharField()
    name = serializers.CharField(source="party__name", help_text="Its party's name then.")
    categories = serializers.ListField(child=serializers.ChoiceField(choices=Category.choices))
    single_source = serializers.SerializerMethodField(
        help_text="The categories single-source with it: as their only approved source, or "
        "holding more than the organisation's share of their spend (today only)."
    )
    single_source_reasons = serializers.SerializerMethodField(
        help_text='Why, per category of ``single_source``: "one approved source" or "85% of '
        '2025 spend with S-001" (today only).'
    )
    criticality = serializers.ChoiceField(choices=Criticality.choices)
    status = serializers.ChoiceField(choices=ApprovalStatus.choices)
    certificate_gaps = serializers.SerializerMethodField(
        help_text="Required certificates missing or expired on the day."
    )
    standing = serializers.ChoiceField(
        source="latest_standing",
        choices=Standing.choices,
        allow_null=True,
        help_text="The standing of its latest scored period; today only, null for a past day.",
    )
    standing_period = serializers.DateField(source="latest_period", allow_null=True)
    owner_name = serializers.CharField(source="owner__full_name", allow_null=True)
    owner_email = serializers.CharField(source="owner__email", allow_null=True)
    next_evaluation_due = serializers.DateField(allow_null=True)

    def get_single_source(self, row) -> list[str]:
        return list(row.get("single_source") or [])

    def get_single_source_reasons(self, row) -> dict[str, str]:
        return dict(row.get("single_source_reasons") or {})

    @extend_schema_field(CertificateGapSerializer(many=True))
    def get_certificate_gaps(self, row) -> list[dict]:
        return [
            {"type": gap.type, "problem": gap.problem}
            for gap in certificate_gaps(row["status"], row)
        ]


class CertificateAsOfSerializer(serializers.ModelSerializer):
    """A certificate with its values then, its supplier's code and name then, whether a newer
    accepted one of its type had replaced it, and its validity on the day."""

    supplier_code = serializers.CharField(source="supplier.code")
    supplier_name = serializers.CharField(source="supplier.party.name")
    replaced = serializers.BooleanField(
        help_text="A newer accepted certificate of the same type ends later."
    )
    validity = serializers.CharField(
        help_text="On the day: valid, expiring (within 60 days), expired or not_yet_valid."
    )

    class Meta:
        model = Certificate
        fields = [
            "id",
            "supplier",
            "supplier_code",
            "supplier_name",
            "type",
            "issuer",
            "number",
            "valid_from",
            "valid_to",
            "status",
            "validity",
            "replaced",
            "original_name",
        ]
        read_only_fields = fields
