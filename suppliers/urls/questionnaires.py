"""Pages of questionnaires: templates and their builder, sending, the questionnaires sent
and their review."""

from django.urls import path

from suppliers.views.questionnaires import sent, templates

urlpatterns = [
    path("questionnaires/", sent.questionnaire_list, name="questionnaire_list"),
    path("questionnaires/export.<str:fmt>", sent.questionnaire_export, name="questionnaire_export"),
    path("questionnaires/<int:pk>/", sent.questionnaire_detail, name="questionnaire_detail"),
    path(
        "questionnaires/<int:pk>/cancel/",
        sent.questionnaire_cancel,
        name="questionnaire_cancel",
    ),
    path(
        "questionnaires/files/<int:pk>/",
        sent.questionnaire_answer_file,
        name="questionnaire_answer_file",
    ),
    path(
        "questionnaires/templates/",
        templates.template_list,
        name="questionnaire_template_list",
    ),
    path(
        "questionnaires/templates/new/",
        templates.template_create,
        name="questionnaire_template_create",
    ),
    path(
        "questionnaires/templates/<int:pk>/",
        templates.template_detail,
        name="questionnaire_template_detail",
    ),
    path(
        "questionnaires/templates/<int:pk>/new-version/",
        templates.template_new_version,
        name="questionnaire_template_new_version",
    ),
    path(
        "questionnaires/templates/<int:pk>/send/",
        sent.questionnaire_send,
        name="questionnaire_send",
    ),
    path(
        "questionnaires/templates/<int:pk>/sections/new/",
        templates.section_create,
        name="questionnaire_section_create",
    ),
    path(
        "questionnaires/sections/<int:pk>/",
        templates.section_edit,
        name="questionnaire_section_edit",
    ),
    path(
        "questionnaires/sections/<int:pk>/questions/new/",
        templates.question_create,
        name="questionnaire_question_create",
    ),
    path(
        "questionnaires/questions/<int:pk>/",
        templates.question_edit,
        name="questionnaire_question_edit",
    ),
]
