from django.contrib import admin

# Django's admin is for superusers only (platform operators), never for organisation staff.
admin.site.has_permission = lambda request: request.user.is_active and request.user.is_superuser
admin.site.site_header = "relmgmt operations"
