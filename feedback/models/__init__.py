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
    "SurveyAnswer",
    "SurveyCampaign",
    "SurveyEmail",
    "SurveyQuestion",
    "SurveyRecipient",
    "SurveyResponse",
    "SurveySection",
    "SurveyTemplate",
]
