from feedback.models.complaints import Complaint, ComplaintAttachment, ComplaintEvent
from feedback.models.surveys import (
    SurveyAnswer,
    SurveyCampaign,
    SurveyEmail,
    SurveyQuestion,
    SurveyRecipient,
    SurveyResponse,
    SurveySection,
    SurveyTemplate,
)

__all__ = [
    "Complaint",
    "ComplaintAttachment",
    "ComplaintEvent",
    "SurveyAnswer",
    "SurveyCampaign",
    "SurveyEmail",
    "SurveyQuestion",
    "SurveyRecipient",
    "SurveyResponse",
    "SurveySection",
    "SurveyTemplate",
]
