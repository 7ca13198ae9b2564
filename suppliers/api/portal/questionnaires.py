"""The supplier's questionnaires: list (the buyer's list's filters), detail with the
questions and the supplier's answers, save a draft, submit for review, and the files it
answered with. Never the buyer's points, score or internal notes, as in the portal pages.

Answers are sent as ``question_<id>`` keys (the ids of the detail's questions), the names
the page's form uses and the errors come back under: values in JSON or multipart, files in
multipart only. Only the questions named change; an empty value (or null) clears a value,
and a file stays until another replaces it.
"""

import re

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import exceptions, mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from relmgmt.api.base import FILE_RESPONSES
from relmgmt.core.files import private_download
from suppliers.filters.questionnaires import PortalQuestionnaireFilter
from suppliers.models import QuestionnaireAnswer, QuestionnaireEvent, QuestionnaireRequest
from suppliers.models.questionnaires import RequestStatus
from suppliers.selectors import questionnaires as selectors
from suppliers.services.questionnaires import sent as services
from suppliers.services.questionnaires.answers import field_name
from suppliers.views.portal.questionnaires import VISIBLE_EVENTS

from .base import PortalAPIMixin, portal_url

QUESTION_KEY = re.compile(r"^question_([0-9]+)$")


class PortalAnswerSerializer(serializers.ModelSerializer):
    file_name = serializers.CharField(source="original_name", read_only=True)
    file_url = serializers.SerializerMethodField()

    class Meta:
        model = QuestionnaireAnswer
        fields = ["value", "file_name", "content_type", "size", "file_url", "updated_at"]
        read_only_fields = fields

    def get_file_url(self, answer) -> str | None:
        if not answer.file:
            return None
        return portal_url(self, "api-portal-questionnaire-file-detail", answer.pk)


class PortalQuestionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    field = serializers.SerializerMethodField(help_text="The key its answer is sent under.")
    text = serializers.CharField()
    help_text = serializers.CharField()
    kind = serializers.CharField(help_text="yes_no, scale, choice, text or file.")
    required = serializers.BooleanField()
    scale_min = serializers.IntegerField(allow_null=True)
    scale_max = serializers.IntegerField(allow_null=True)
    options = serializers.ListField(
        child=serializers.CharField(), source="option_labels", help_text="choice: the options."
    )
    answer = PortalAnswerSerializer(allow_null=True)

    def get_field(self, question) -> str:
        return field_name(question)


class PortalSectionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.IntegerField()
    title = serializers.CharField()
    description = serializers.CharField()
    questions = PortalQuestionSerializer(many=True, source="question_list")


class PortalStepSerializer(serializers.ModelSerializer):
    comment = serializers.SerializerMethodField(help_text="The comments of a return.")

    class Meta:
        model = QuestionnaireEvent
        fields = ["action", "comment", "occurred_at"]
        read_only_fields = fields

    def get_comment(self, event) -> str:
        return event.comment if event.action == QuestionnaireEvent.Action.RETURNED else ""


class PortalQuestionnaireSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="template.name", read_only=True)
    overdue = serializers.BooleanField(read_only=True, default=False)
    editable = serializers.BooleanField(
        source="is_open", read_only=True, help_text="Its answers may still be changed."
    )

    class Meta:
        model = QuestionnaireRequest
        fields = [
            "id",
            "name",
            "template",
            "due_date",
            "status",
            "overdue",
            "editable",
            "sent_at",
            "submitted_at",
        ]
        read_only_fields = fields


class PortalQuestionnaireDetailSerializer(PortalQuestionnaireSerializer):
    description = serializers.CharField(source="template.description", read_only=True)
    review_comments = serializers.SerializerMethodField(
        help_text="What to change, when the customer returned the answers."
    )
    sections = PortalSectionSerializer(many=True, read_only=True)
    steps = PortalStepSerializer(many=True, read_only=True)

    class Meta(PortalQuestionnaireSerializer.Meta):
        fields = [
            *PortalQuestionnaireSerializer.Meta.fields,
            "description",
            "message",
            "review_comments",
            "sections",
            "steps",
        ]
        read_only_fields = fields

    def get_review_comments(self, record) -> str:
        return record.review_comments if record.status == RequestStatus.RETURNED else ""


ANSWERS_BODY = {"application/json": OpenApiTypes.OBJECT, "multipart/form-data": OpenApiTypes.OBJECT}
ANSWERS_EXAMPLE = OpenApiExample(
    "Answers", value={"question_12": "yes", "question_13": 4, "question_15": "ERP with MRP"}
)


class QuestionnaireViewSet(
    PortalAPIMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Questionnaires the customer sent to the supplier, newest first."""

    serializer_class = PortalQuestionnaireSerializer
    filterset_class = PortalQuestionnaireFilter
    queryset = QuestionnaireRequest.objects.none()
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    write_permission = "questionnaires.answer"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        return selectors.requests_of_supplier(
            organization=self.organization, supplier=self.supplier
        ).order_by("-sent_at", "-id")

    def get_serializer_class(self):
        return (
            PortalQuestionnaireSerializer
            if self.action == "list"
            else PortalQuestionnaireDetailSerializer
        )

    def _detail(self, record) -> Response:
        record.sections = selectors.sections_of(record.template)
        answers = selectors.answers_of(record)
        for section in record.sections:
            for question in section.question_list:
                question.answer = answers.get(question.pk)
        record.steps = [e for e in selectors.events_of(record) if e.action in VISIBLE_EVENTS]
        return Response(self.get_serializer(record).data)

    def retrieve(self, request, *args, **kwargs):
        """The questionnaire with its sections, questions and the supplier's answers."""
        return self._detail(self.get_object())

    def _save(self, request, *, submit: bool) -> Response:
        record = self.get_object()
        values, files = _answers_given(request)
        if not submit and not values and not files:
            raise exceptions.ValidationError(
                {"non_field_errors": ["Give at least one answer, as question_<id>."]}
            )
        services.answers_save(
            organization=self.organization,
            actor=request.user,
            request=record,
            values=values,
            files=files,
            submit=submit,
        )
        return self._detail(self.get_queryset().get(pk=record.pk))

    @extend_schema(
        request=ANSWERS_BODY,
        responses=PortalQuestionnaireDetailSerializer,
        examples=[ANSWERS_EXAMPLE],
    )
    @action(detail=True, methods=["post"], url_path="draft", url_name="draft")
    def draft(self, request, pk=None, **kwargs):
        """Save answers as a draft: ``question_<id>`` keys, files by multipart."""
        return self._save(request, submit=False)

    @extend_schema(
        request=ANSWERS_BODY,
        responses=PortalQuestionnaireDetailSerializer,
        examples=[ANSWERS_EXAMPLE],
    )
    @action(detail=True, methods=["post"], url_path="submit", url_name="submit")
    def submit(self, request, pk=None, **kwargs):
        """Hand the answers in for review, with any answers given in the same call; every
        required question must be answered. All or nothing."""
        return self._save(request, submit=True)


def _answers_given(request) -> tuple[dict, dict]:
    """({question id: value}, {question id: file}) from the body, or a 400 naming the keys
    that are not ``question_<id>`` or not one value."""
    data = request.data
    if not hasattr(data, "keys"):
        raise exceptions.ValidationError(
            {"non_field_errors": ['Send an object of answers: {"question_<id>": value}.']}
        )
    uploads = request.FILES
    values, files, errors = {}, {}, {}
    for key in data:
        match = QUESTION_KEY.match(str(key))
        if match is None:
            errors[str(key)] = ["Not a question: name each answer question_<id>."]
            continue
        question_id = int(match.group(1))
        if key in uploads:
            files[question_id] = uploads[key]
            continue
        value = data[key]
        if isinstance(value, list | dict):
            errors[key] = ["Give one value."]
        else:
            values[question_id] = value
    if errors:
        raise exceptions.ValidationError(errors)
    return values, files


class QuestionnaireFileViewSet(PortalAPIMixin, viewsets.GenericViewSet):
    """A file the supplier answered a question with (its id is the answer's, given as
    ``file_url`` in the questionnaire's detail)."""

    queryset = QuestionnaireAnswer.objects.none()
    write_permission = None

    @extend_schema(responses=FILE_RESPONSES)
    def retrieve(self, request, pk=None, **kwargs):
        """The answer's file, as an attachment under its original name."""
        try:
            answer = selectors.answer_for_file(
                organization=self.organization, pk=pk, supplier=self.supplier
            )
        except QuestionnaireAnswer.DoesNotExist as error:
            raise Http404 from error
        return private_download(
            answer.file, filename=answer.original_name, content_type=answer.content_type
        )
