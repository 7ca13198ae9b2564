from feedback.models.complaints import (  # noqa: F401
    Complaint,
    ComplaintAttachment,
    ComplaintEvent,
)
