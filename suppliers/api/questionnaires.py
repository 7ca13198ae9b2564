"""Questionnaires in the API: templates (made with their sections and questions in one
call, changed while not sent, deleted if never sent, a new version of a sent one), sent
questionnaires (the list with the page's filters, send, review, cancel) and their answers.
Writes go through the services."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from relmgmt.api.base import OrganizationAPIMixin, serializer_organization
from suppliers.filters.questionnaires import QuestionnaireRequestFilter
from suppliers.models import (
    Question,
    QuestionnaireAnswer,
    QuestionnaireEvent,
    QuestionnaireRequest,
    QuestionnaireTemplate,
    Supplier,
)
from suppliers.selectors import questionnaires as selectors
from suppliers.services.questionnaires import sent as services
from suppliers.services.questionnaires import templates as template_services


class QuestionOptionSerializer(serializers.Serializer):
    label = serializers.CharField(max_length=200)
    points = serializers.IntegerField(min_value=0, max_value=100)


class QuestionSerializer(serializers.ModelSerializer):
    options = QuestionOptionSerializer(many=True, required=False)

    class Meta:
        model = Question
        fields = [
            "id",
            "position",
            "text",
            "help_text",
            "kind",
            "required",
            "scored",
            "weight",
            "scale_min",
            "scale_max",
            "options",
        ]
        read_only_fields = ["id", "position"]


class QuestionnaireSectionSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    position = serializers.IntegerField(read_only=True)
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True)
    questions = QuestionSerializer(many=True, required=False, source="question_list")


class QuestionnaireTemplateSerializer(serializers.ModelSerializer):
    sections = QuestionnaireSectionSerializer(
        many=True,
        required=False,
        source="sections_loaded",
        help_text="On create: the sections with their questions, in order. Afterwards "
        "read-only (change them on the builder page while the template is not sent).",
    )
    is_frozen = serializers.BooleanField(read_only=True)

    class Meta:
        model = QuestionnaireTemplate
        fields = [
            "id",
            "name",
            "description",
            "version",
            "previous",
            "frozen_at",
            "is_frozen",
            "sections",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "version", "previous", "frozen_at", "created_at", "updated_at"]
        validators = []

    def to_representation(self, template):
        if not hasattr(template, "sections_loaded"):
            template.sections_loaded = selectors.sections_of(template)
        return super().to_representation(template)

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None and not isinstance(self.instance, list):
            fields["sections"].read_only = True
        return fields


class QuestionnaireTemplateSummarySerializer(serializers.ModelSerializer):
    """A template in the list: without its questions, with how many it has and was sent."""

    is_frozen = serializers.BooleanField(read_only=True)
    question_count = serializers.IntegerField(read_only=True)
    request_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = QuestionnaireTemplate
        fields = [
            "id",
            "name",
            "description",
            "version",
            "previous",
            "frozen_at",
            "is_frozen",
            "question_count",
            "request_count",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class QuestionnaireAnswerSerializer(serializers.ModelSerializer):
    file_name = serializers.CharField(source="original_name", read_only=True)

    class Meta:
        model = QuestionnaireAnswer
        fields = [
            "id",
            "question",
            "value",
            "file_name",
            "content_type",
            "size",
            "reviewer_points",
            "updated_at",
        ]
        read_only_fields = fields


class QuestionnaireEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = QuestionnaireEvent
        fields = ["action", "comment", "score", "actor", "occurred_at"]
        read_only_fields = fields


class QuestionnaireSerializer(serializers.ModelSerializer):
    overdue = serializers.BooleanField(read_only=True, default=False)
    answers = QuestionnaireAnswerSerializer(many=True, read_only=True)
    events = QuestionnaireEventSerializer(many=True, read_only=True)

    class Meta:
        model = QuestionnaireRequest
        fields = [
            "id",
            "supplier",
            "template",
            "due_date",
            "status",
            "overdue",
            "message",
            "sent_by",
            "sent_at",
            "submitted_at",
            "submitted_by",
            "review_comments",
            "internal_notes",
            "score",
            "reviewed_by",
            "reviewed_at",
            "answers",
            "events",
        ]
        read_only_fields = fields


class QuestionnaireSendSerializer(serializers.Serializer):
    template = serializers.PrimaryKeyRelatedField(queryset=QuestionnaireTemplate.objects.none())
    suppliers = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Supplier.objects.none(), allow_empty=True
    )
    due_date = serializers.DateField()
    message = serializers.CharField(required=False, allow_blank=True, default="")

    def get_fields(self):
        fields = super().get_fields()
        organization = serializer_organization(self)
        if organization is not None:
            fields["template"].queryset = QuestionnaireTemplate.objects.filter(
                organization=organization
            )
            fields["suppliers"].child_relation.queryset = Supplier.objects.filter(
                organization=organization
            )
        return fields


class QuestionnaireReviewSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=[("accept", "Accept"), ("return", "Return")])
    points = serializers.DictField(
        child=serializers.CharField(allow_blank=True),
        required=False,
        help_text="{question id: 0-100}: the reviewer's points for scored text and file answers.",
    )
    comments = serializers.CharField(required=False, allow_blank=True, default="")
    internal_notes = serializers.CharField(required=False, allow_blank=True, default="")
    due_date = serializers.DateField(required=False, allow_null=True, default=None)


class QuestionnaireCancelSerializer(serializers.Serializer):
    reason = serializers.CharField()


class QuestionnaireTemplateViewSet(
    OrganizationAPIMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Questionnaire templates. A template is frozen once sent: change it by making a new
    version (``new-version``)."""

    serializer_class = QuestionnaireTemplateSerializer
    queryset = QuestionnaireTemplate.objects.none()
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    select = staticmethod(selectors.templates)

    def get_serializer_class(self):
        return (
            QuestionnaireTemplateSummarySerializer
            if self.action == "list"
            else QuestionnaireTemplateSerializer
        )

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        sections = []
        for section in data.pop("sections_loaded", []) or []:
            section = dict(section)
            section["questions"] = [
                {**q, "options": [dict(o) for o in q.get("options", [])]}
                for q in section.pop("question_list", [])
            ]
            sections.append(section)
        template = template_services.template_create(
            organization=self.organization,
            actor=self.request.user,
            data={**data, "sections": sections},
        )
        serializer.instance = self.get_queryset().get(pk=template.pk)

    def perform_update(self, serializer):
        template = template_services.template_update(
            organization=self.organization,
            actor=self.request.user,
            template=serializer.instance,
            data=dict(serializer.validated_data),
        )
        serializer.instance = self.get_queryset().get(pk=template.pk)

    def perform_destroy(self, instance):
        template_services.template_delete(
            organization=self.organization, actor=self.request.user, template=instance
        )

    @extend_schema(request=None, responses={201: QuestionnaireTemplateSerializer})
    @action(detail=True, methods=["post"], url_path="new-version", url_name="new-version")
    def new_version(self, request, pk=None, **kwargs):
        """Copy a template as its next version, free to change until it is sent."""
        copy = template_services.template_new_version(
            organization=self.organization, actor=request.user, template=self.get_object()
        )
        body = self.get_serializer(self.get_queryset().get(pk=copy.pk)).data
        return Response(body, status=status.HTTP_201_CREATED)


class QuestionnaireRequestViewSet(
    OrganizationAPIMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Questionnaires sent to suppliers, with their answers and steps; newest first."""

    serializer_class = QuestionnaireSerializer
    filterset_class = QuestionnaireRequestFilter
    queryset = QuestionnaireRequest.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return super().get_queryset()
        return selectors.requests(organization=self.organization).prefetch_related(
            "answers", "events"
        )

    @extend_schema(
        request=QuestionnaireSendSerializer, responses={201: QuestionnaireSerializer(many=True)}
    )
    @action(detail=False, methods=["post"])
    def send(self, request, **kwargs):
        """Send a template to one or more suppliers with a due date (the template freezes)."""
        given = QuestionnaireSendSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        given.is_valid(raise_exception=True)
        data = given.validated_data
        sent = services.questionnaire_send(
            organization=self.organization,
            actor=request.user,
            template=data["template"],
            suppliers=data["suppliers"],
            due_date=data["due_date"],
            message=data["message"],
        )
        found = self.get_queryset().filter(pk__in=[record.pk for record in sent])
        return Response(self.get_serializer(found, many=True).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=QuestionnaireReviewSerializer, responses=QuestionnaireSerializer)
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None, **kwargs):
        """Accept submitted answers (sets the score; scored text and file answers need
        ``points``) or return them with ``comments`` for the supplier."""
        record = self.get_object()
        given = QuestionnaireReviewSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        services.questionnaire_review(
            organization=self.organization,
            actor=request.user,
            request=record,
            decision=data["decision"],
            points=data.get("points") or {},
            comments=data["comments"],
            internal_notes=data["internal_notes"],
            due_date=data["due_date"],
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=record.pk)).data)

    @extend_schema(request=QuestionnaireCancelSerializer, responses=QuestionnaireSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None, **kwargs):
        """Withdraw a questionnaire that is not accepted yet, with the reason."""
        record = self.get_object()
        given = QuestionnaireCancelSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        services.questionnaire_cancel(
            organization=self.organization,
            actor=request.user,
            request=record,
            reason=given.validated_data["reason"],
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=record.pk)).data)
