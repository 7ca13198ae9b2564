from django.contrib import admin

from relmgmt.tenancy.models import Membership, Organization


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
