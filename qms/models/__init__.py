from qms.models.objectives import QualityObjective
from qms.models.packs import PackAccess, PackJob
from qms.models.reviews import ManagementReview, ManagementReviewAction

__all__ = [
    "ManagementReview",
    "ManagementReviewAction",
    "PackAccess",
    "PackJob",
    "QualityObjective",
]
