"""The customers app's section of the organisation's settings: after how many periods
without revenue a customer counts as lost."""

from django import forms

from customers import settings as customer_settings
from relmgmt.core.extensions import SettingsSection


class CustomerFigures(SettingsSection):
    key = customer_settings.SETTING
    title = "Customer figures"
    order = 60

    def form_fields(self) -> dict:
        return {
            "lost_after_periods": forms.IntegerField(
                required=False,
                min_value=1,
                max_value=customer_settings.MAX_LOST_AFTER,
                label="A customer is lost after this many periods without revenue",
            )
        }

    def initial(self, organization) -> dict:
        return {"lost_after_periods": customer_settings.lost_after(organization)}

    def value_from_form(self, organization, cleaned_data: dict) -> dict:
        value = cleaned_data.get("lost_after_periods")
        return {"lost_after_periods": value or customer_settings.lost_after(organization)}

    def clean(self, organization, value) -> dict:
        return customer_settings.clean(value)

    def describe(self, organization) -> list[tuple[str, str]]:
        periods = customer_settings.lost_after(organization)
        return [("Lost after", f"{periods} period{'s' if periods != 1 else ''} without revenue")]
