"""Contacts: people at the parties, with their consent to be contacted (GDPR)."""

from django.db import models

from parties.models.register import Party
from relmgmt.core.models import TenantModel


class Contact(TenantModel):
    """A person at a party. Personal data: exportable and erasable on request (GDPR)."""

    class Channel(models.TextChoices):
        EMAIL = "email", "Email"
        PHONE = "phone", "Phone"
        MEETING = "meeting", "In person"
        VIDEO = "video", "Video call"
        POST = "post", "Post"

    PERSONAL_FIELDS = ("name", "job_title", "email", "phone", "consent_method")

    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(max_length=200)
    job_title = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=50, blank=True)
    preferred_channel = models.CharField(
        max_length=20, choices=Channel.choices, default=Channel.EMAIL
    )
    consent_given_at = models.DateTimeField(null=True, blank=True)
    consent_method = models.CharField(
        max_length=200, blank=True, help_text="How consent was given: a form, an email, a call."
    )
    consent_withdrawn_at = models.DateTimeField(null=True, blank=True)
    erased_at = models.DateTimeField(null=True, blank=True)

    class Meta(TenantModel.Meta):
        ordering = ["party", "name"]
        indexes = [models.Index(fields=["organization", "party"], name="contact_org_party_idx")]

    def __str__(self):
        return self.name if not self.erased_at else "(erased contact)"

    @property
    def has_consent(self) -> bool:
        return self.consent_given_at is not None and self.consent_withdrawn_at is None
