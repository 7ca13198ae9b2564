"""The party register as it stood at the end of a day, in the API: the rows of the as-of
export (``parties.selectors.as_of``), with ids. The viewset's ``as-of`` operation
(``parties.api.register``) reads the date and pages them."""

from rest_framework import serializers

from parties.models import Need, Party, PartyType
from parties.services import register as services


class NeedAsOfSerializer(serializers.ModelSerializer):
    class Meta:
        model = Need
        fields = ["id", "description", "qms_relevant", "monitoring", "status"]
        read_only_fields = fields


class PartyAsOfSerializer(serializers.ModelSerializer):
    """A party with its values then. The owner is named as they are now."""

    types = serializers.ListField(child=serializers.ChoiceField(choices=PartyType.choices))
    tags = serializers.ListField(child=serializers.CharField())
    owner = serializers.IntegerField(source="owner_id", allow_null=True)
    owner_email = serializers.SerializerMethodField()
    effective_review_cadence_months = serializers.SerializerMethodField(
        help_text="Months between reviews: the party's own, or its tier's default."
    )
    needs = NeedAsOfSerializer(
        source="needs_then", many=True, help_text="Its needs then, oldest first."
    )

    class Meta:
        model = Party
        fields = [
            "id",
            "name",
            "types",
            "tier",
            "status",
            "owner",
            "owner_email",
            "influence",
            "interest",
            "tags",
            "description",
            "website",
            "address",
            "review_cadence_months",
            "effective_review_cadence_months",
            "next_review_due",
            "needs",
        ]
        read_only_fields = fields

    def get_owner_email(self, party) -> str:
        return party.owner.email if party.owner else ""

    def get_effective_review_cadence_months(self, party) -> int:
        return services.cadence_months(party)
