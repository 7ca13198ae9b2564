from functools import partial

from django.contrib import admin
from django.db import transaction

from relmgmt.accounts.admin import UserAdmin
from relmgmt.accounts.models import User
from relmgmt.core.remembered import records_recalculated
from relmgmt.tenancy.models import Membership, Organization


@admin.register(User)
class MemberAdmin(UserAdmin):
    def save_model(self, request, obj, form, change):
        """A person's name and email show in the lists and pages of each organisation they
        belong to, which keep what they show while its records stay as they are
        (``relmgmt.core.remembered``): a new name renews what those keep."""
        super().save_model(request, obj, form, change)
        if change and {"full_name", "email"} & set(form.changed_data):
            organizations = Membership.objects.filter(user=obj).values_list(
                "organization_id", flat=True
            )
            for organization_id in set(organizations):
                transaction.on_commit(partial(records_recalculated, organization_id))


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "timezone", "require_mfa", "created_at"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organization", "role", "supplier", "expires_at"]
    list_filter = ["role", "organization"]
    raw_id_fields = ["user", "supplier"]
    readonly_fields = ["organization"]

    def has_add_permission(self, request):
        return False  # members join through invitations
