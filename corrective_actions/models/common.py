"""Choices the nonconformities and corrective actions share."""

from django.db import models


class Severity(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"
    CRITICAL = "critical", "Critical"


class Category(models.TextChoices):
    """What kind of problem: with the party or supplier, what a recurrence is counted by."""

    PRODUCT = "product", "Product"
    PROCESS = "process", "Process"
    SERVICE = "service", "Service"
    DELIVERY = "delivery", "Delivery"
    DOCUMENTATION = "documentation", "Documentation"
    OTHER = "other", "Other"
