"""Pages of performance reviews and their actions."""

from django.urls import path

from suppliers.views import performance_reviews

urlpatterns = [
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
]
