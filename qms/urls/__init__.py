from django.urls import path

from qms.views import evidence, objectives, packs, reviews

app_name = "qms"

urlpatterns = [
    path("qms/evidence/", evidence.evidence, name="evidence"),
    path("qms/evidence/pack/", packs.evidence_pack_create, name="evidence_pack_create"),
    path("qms/packs/<int:pk>/", packs.pack_job, name="pack_job"),
    path("qms/packs/<int:pk>/download/", packs.pack_download, name="pack_download"),
    path("qms/objectives/", objectives.objective_list, name="objective_list"),
    path("qms/objectives/new/", objectives.objective_create, name="objective_create"),
    path("qms/objectives/<int:pk>/", objectives.objective_edit, name="objective_edit"),
    path("qms/objectives/<int:pk>/delete/", objectives.objective_delete, name="objective_delete"),
    path("qms/reviews/", reviews.review_list, name="review_list"),
    path("qms/reviews/new/", reviews.review_create, name="review_create"),
    path("qms/reviews/<int:pk>/", reviews.review_detail, name="review_detail"),
    path("qms/reviews/<int:pk>/hold/", reviews.review_hold, name="review_hold"),
    path("qms/reviews/<int:pk>/approve/", reviews.review_approve, name="review_approve"),
    path("qms/reviews/<int:pk>/actions/", reviews.review_action_add, name="review_action_add"),
    path(
        "qms/review-actions/<int:pk>/done/",
        reviews.review_action_done,
        name="review_action_done",
    ),
    path("qms/reviews/<int:pk>/pdf/", reviews.review_pdf, name="review_pdf"),
    path("qms/reviews/<int:pk>/pack/", packs.review_pack_create, name="review_pack_create"),
]
