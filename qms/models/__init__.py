from qms.models.objectives import QualityObjective
from qms.models.reviews import ManagementReview, ManagementReviewAction

__all__ = ["ManagementReview", "ManagementReviewAction", "QualityObjective"]
