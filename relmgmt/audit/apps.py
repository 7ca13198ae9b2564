from django.apps import AppConfig, apps
from django.db.models.signals import post_delete


def _record_deleted_row(sender, instance, using, **kwargs):
    from relmgmt.audit import recorder

    recorder.record_delete(instance, using=using)


class AuditConfig(AppConfig):
    name = "relmgmt.audit"
    label = "audit"
    verbose_name = "Audit trail"

    def ready(self):
        from allauth.mfa.signals import authentication_failed
        from django.contrib.auth.signals import user_login_failed

        # tasks: registers the verification tasks.
        from relmgmt.audit import security, tasks  # noqa: F401

        user_login_failed.connect(security.on_login_failed, dispatch_uid="security-login")
        authentication_failed.connect(security.on_mfa_failed, dispatch_uid="security-mfa")
        from relmgmt.core import extensions as ext
        from relmgmt.core.models import AuditedModel

        # The platform's own records; apps register theirs from their extensions module.
        for entry in (
            ext.RecordPage("tenancy.organization", "organization_settings", lambda r: {}),
            ext.RecordPage("tenancy.membership", "member_detail", select_related=("user",)),
            ext.RecordPage("tenancy.invitation", "member_list", lambda r: {}),
            ext.RecordPage("api.apitoken", "token_list", lambda r: {}),
        ):
            ext.record_pages.register(entry)

        # A receiver per audited model makes the deletion collector send post_delete for
        # every row it removes (no fast path), cascades included: one event per row.
        for model in apps.get_models():
            if issubclass(model, AuditedModel):
                post_delete.connect(
                    _record_deleted_row, sender=model, dispatch_uid=f"audit-{model._meta.label}"
                )
