from django.db import models


class ProcessTick(models.Model):
    """The last sign of life of a background process: beat sending, each scheduled task
    finishing on a worker, the workers' heartbeat. One row per name, overwritten; machinery
    for the operator's status page, not a record of any organisation (so not audited)."""

    name = models.CharField(max_length=200, unique=True)
    last_at = models.DateTimeField()
    detail = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} at {self.last_at:%Y-%m-%d %H:%M:%S}"
