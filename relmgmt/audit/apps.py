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
        from relmgmt.core.models import AuditedModel

        # A receiver per audited model makes the deletion collector send post_delete for
        # every row it removes (no fast path), cascades included: one event per row.
        for model in apps.get_models():
            if issubclass(model, AuditedModel):
                post_delete.connect(
                    _record_deleted_row, sender=model, dispatch_uid=f"audit-{model._meta.label}"
                )
