"""Surveys in the API: templates (made with their sections and questions in one call,
changed while not sent, deleted if never sent, a new version of a sent one) and campaigns
(made, changed while a draft, sent, closed, with their counts and results). Writes go
through the services."""

from dataclasses import asdict

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from feedback.models import SurveyCampaign, SurveyQuestion, SurveyTemplate
from feedback.selectors import surveys as selectors
from feedback.services.surveys import campaigns as campaign_services
from feedback.services.surveys import templates as template_services
from relmgmt.api.base import OrganizationAPIMixin, OrganizationFieldsMixin


class SurveyQuestionSerializer(serializers.ModelSerializer):
    options = serializers.ListField(child=serializers.CharField(max_length=200), required=False)

    class Meta:
        model = SurveyQuestion
        fields = [
            "id",
            "position",
            "text",
            "help_text",
            "kind",
            "required",
            "scale_min",
            "scale_max",
            "options",
        ]
        read_only_fields = ["id", "position"]


class SurveySectionSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    position = serializers.IntegerField(read_only=True)
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True)
    questions = SurveyQuestionSerializer(many=True, required=False, source="question_list")


class SurveyTemplateSerializer(serializers.ModelSerializer):
    sections = SurveySectionSerializer(
        many=True,
        required=False,
        source="sections_loaded",
        help_text="On create: the sections with their questions, in order. Afterwards "
        "read-only (change them on the builder page while the template is not sent).",
    )
    is_frozen = serializers.BooleanField(read_only=True)

    class Meta:
        model = SurveyTemplate
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


class SurveyTemplateSummarySerializer(serializers.ModelSerializer):
    is_frozen = serializers.BooleanField(read_only=True)
    question_count = serializers.IntegerField(read_only=True)
    campaign_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = SurveyTemplate
        fields = [
            "id",
            "name",
            "description",
            "version",
            "previous",
            "frozen_at",
            "is_frozen",
            "question_count",
            "campaign_count",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class AudienceSerializer(serializers.Serializer):
    types = serializers.ListField(child=serializers.CharField(), required=False)
    tiers = serializers.ListField(child=serializers.CharField(), required=False)
    tag = serializers.CharField(required=False, allow_blank=True)
    owner = serializers.IntegerField(required=False, allow_null=True)


class SurveyCampaignSerializer(OrganizationFieldsMixin, serializers.ModelSerializer):
    related = {"template": selectors.templates}

    audience = AudienceSerializer(required=False)
    recipient_count = serializers.IntegerField(read_only=True, default=0)
    sent_count = serializers.IntegerField(read_only=True, default=0)
    bounced_count = serializers.IntegerField(read_only=True, default=0)
    answered_count = serializers.IntegerField(read_only=True, default=0)
    opted_out_count = serializers.IntegerField(read_only=True, default=0)
    response_rate = serializers.SerializerMethodField()

    class Meta:
        model = SurveyCampaign
        fields = [
            "id",
            "name",
            "template",
            "audience",
            "message",
            "days_open",
            "remind_after_days",
            "max_reminders",
            "recurrence",
            "status",
            "sent_at",
            "closes_at",
            "recipient_count",
            "sent_count",
            "bounced_count",
            "answered_count",
            "opted_out_count",
            "response_rate",
        ]
        read_only_fields = ["id", "status", "sent_at", "closes_at"]

    def get_response_rate(self, campaign) -> float | None:
        if not hasattr(campaign, "answered_count"):
            return None
        return selectors.response_rate(campaign)


class SurveyTemplateViewSet(
    OrganizationAPIMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Survey templates. A template is frozen once sent: change it by making a new version
    (``new-version``)."""

    serializer_class = SurveyTemplateSerializer
    queryset = SurveyTemplate.objects.none()
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    select = staticmethod(selectors.templates)

    def get_serializer_class(self):
        return (
            SurveyTemplateSummarySerializer if self.action == "list" else SurveyTemplateSerializer
        )

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        sections = []
        for section in data.pop("sections_loaded", []) or []:
            section = dict(section)
            section["questions"] = [dict(q) for q in section.pop("question_list", [])]
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

    @extend_schema(request=None, responses={201: SurveyTemplateSerializer})
    @action(detail=True, methods=["post"], url_path="new-version", url_name="new-version")
    def new_version(self, request, pk=None, **kwargs):
        """Copy a template as its next version, free to change until it is sent."""
        copy = template_services.template_new_version(
            organization=self.organization, actor=request.user, template=self.get_object()
        )
        body = self.get_serializer(self.get_queryset().get(pk=copy.pk)).data
        return Response(body, status=status.HTTP_201_CREATED)


class SurveyCampaignViewSet(
    OrganizationAPIMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Survey campaigns with their counts by recipient state and response rate; a draft
    may change, ``send`` freezes it and asks its audience, ``close`` ends it."""

    serializer_class = SurveyCampaignSerializer
    queryset = SurveyCampaign.objects.none()
    http_method_names = ["get", "post", "patch", "head", "options"]

    select = staticmethod(selectors.campaigns)

    def perform_create(self, serializer):
        campaign = campaign_services.campaign_create(
            organization=self.organization,
            actor=self.request.user,
            data=dict(serializer.validated_data),
        )
        serializer.instance = self.get_queryset().get(pk=campaign.pk)

    def perform_update(self, serializer):
        campaign = campaign_services.campaign_update(
            organization=self.organization,
            actor=self.request.user,
            campaign=serializer.instance,
            data=dict(serializer.validated_data),
        )
        serializer.instance = self.get_queryset().get(pk=campaign.pk)

    @extend_schema(request=None, responses=SurveyCampaignSerializer)
    @action(detail=True, methods=["post"])
    def send(self, request, pk=None, **kwargs):
        """Freeze the campaign and its template and email every recipient a personal link."""
        campaign_services.campaign_send(
            organization=self.organization, actor=request.user, campaign=self.get_object()
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=pk)).data)

    @extend_schema(request=None, responses=SurveyCampaignSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None, **kwargs):
        """End a sent campaign: its links expire and no reminder goes out."""
        campaign_services.campaign_close(
            organization=self.organization, actor=request.user, campaign=self.get_object()
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=pk)).data)

    @extend_schema(request=None, responses=OpenApiTypes.OBJECT)
    @action(detail=True, methods=["get"])
    def results(self, request, pk=None, **kwargs):
        """NPS, CSAT, effort, per-question distributions and comments, follow-ups."""
        found = selectors.results(organization=self.organization, campaign=self.get_object())
        return Response(
            {
                "responses": found.responses,
                "nps": {**asdict(found.nps), "score": found.nps.score},
                "csat": {
                    "percent": found.csat[0],
                    "satisfied": found.csat[1],
                    "answers": found.csat[2],
                },
                "effort_mean": found.effort,
                "follow_ups": found.follow_ups,
                "follow_ups_closed": found.follow_ups_closed,
                "loop_closure_rate": found.loop_closure_rate,
                "mean_days_to_close": found.mean_days_to_close,
                "questions": [
                    {
                        "question": item.question.pk,
                        "text": item.question.text,
                        "kind": item.question.kind,
                        "answered": item.answered,
                        "distribution": [{"value": v, "count": c} for v, c in item.distribution],
                        "comments": item.comments,
                        "mean": item.mean,
                    }
                    for item in found.questions
                ],
            }
        )
