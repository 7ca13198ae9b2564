"""The suppliers app's models, one module per area. Django finds an app's models in its
``models`` module: importing every model here registers them."""

from suppliers.models.agreements import Agreement, Dispute, ServiceLevel  # noqa: F401
from suppliers.models.approval import SupplierTransition  # noqa: F401
from suppliers.models.certificates import Certificate  # noqa: F401
from suppliers.models.continuity import CategorySourcing, ContingencyPlan  # noqa: F401
from suppliers.models.deliveries import Delivery  # noqa: F401
from suppliers.models.performance_reviews import (  # noqa: F401
    PerformanceReview,
    PerformanceReviewContact,
    PerformanceReviewMember,
    ReviewAction,
)
from suppliers.models.portal import ProfileChange  # noqa: F401
from suppliers.models.questionnaires import (  # noqa: F401
    Question,
    QuestionnaireAnswer,
    QuestionnaireEvent,
    QuestionnaireRequest,
    QuestionnaireSection,
    QuestionnaireTemplate,
)
from suppliers.models.reevaluations import ReEvaluation  # noqa: F401
from suppliers.models.register import Supplier  # noqa: F401
from suppliers.models.requests import SupplierRequest  # noqa: F401
from suppliers.models.scorecards import (  # noqa: F401
    ManualRating,
    RecomputeJob,
    ScorecardCriterion,
    ScorecardDefinition,
    ScorecardResult,
    ScoreChange,
    SuspensionProposal,
)
from suppliers.models.spend import SupplierSpend  # noqa: F401
