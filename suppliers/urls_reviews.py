from django.urls import path

from suppliers.views import agreements, performance_reviews, reevaluations

urlpatterns = [
    # Re-evaluations (ISO 9001 8.4.1)
    path(
        "suppliers/reevaluations/",
        reevaluations.reevaluation_due_list,
        name="reevaluation_due_list",
    ),
    path(
        "suppliers/<int:pk>/reevaluations/new/",
        reevaluations.reevaluation_create,
        name="reevaluation_create",
    ),
    path(
        "suppliers/reevaluations/<int:pk>/",
        reevaluations.reevaluation_detail,
        name="reevaluation_detail",
    ),
    # Performance reviews and their actions
    path(
        "suppliers/performance-reviews/",
        performance_reviews.performance_review_list,
        name="performance_review_list",
    ),
    path(
        "suppliers/<int:pk>/performance-reviews/new/",
        performance_reviews.performance_review_create,
        name="performance_review_create",
    ),
    path(
        "suppliers/performance-reviews/<int:pk>/",
        performance_reviews.performance_review_detail,
        name="performance_review_detail",
    ),
    path(
        "suppliers/performance-reviews/<int:pk>/edit/",
        performance_reviews.performance_review_edit,
        name="performance_review_edit",
    ),
    path(
        "suppliers/performance-reviews/actions/<int:pk>/done/",
        performance_reviews.review_action_done,
        name="review_action_done",
    ),
    # Agreements
    path("suppliers/agreements/", agreements.agreement_list, name="agreement_list"),
    path("suppliers/agreements/new/", agreements.agreement_create, name="agreement_create"),
    path("suppliers/agreements/<int:pk>/", agreements.agreement_detail, name="agreement_detail"),
    path("suppliers/agreements/<int:pk>/edit/", agreements.agreement_edit, name="agreement_edit"),
]
