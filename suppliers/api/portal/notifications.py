"""The portal user's own notifications (requests due, certificates about to expire,
questionnaires to answer), newest first; mark one or all read."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from relmgmt.notifications import selectors as notification_selectors
from relmgmt.notifications.models import Notification
from relmgmt.notifications.services import inbox
from suppliers.filters.portal import PortalNotificationFilter
from suppliers.selectors.portal import portal_link

from .base import PortalAPIMixin


class PortalNotificationSerializer(serializers.ModelSerializer):
    link = serializers.SerializerMethodField(help_text="The portal page it is about.")

    class Meta:
        model = Notification
        fields = ["id", "kind", "title", "body", "link", "created_at", "read_at"]
        read_only_fields = fields

    def get_link(self, notification) -> str:
        return portal_link(self.context["view"].organization, notification.url)


class NotificationViewSet(
    PortalAPIMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """The signed-in portal user's notifications (``?unread=true``: only those not read)."""

    serializer_class = PortalNotificationSerializer
    filterset_class = PortalNotificationFilter
    queryset = Notification.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        return notification_selectors.notifications_of(
            organization=self.organization, user=self.request.user
        )

    @extend_schema(request=None, responses=PortalNotificationSerializer)
    @action(detail=True, methods=["post"], url_path="read", url_name="read")
    def read(self, request, pk=None, **kwargs):
        """Mark the notification read."""
        notification = self.get_object()
        inbox.notification_mark_read(
            organization=self.organization, user=request.user, notification_id=notification.pk
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=notification.pk)).data)

    @extend_schema(
        request=None,
        responses=inline_serializer(
            "PortalNotificationsReadAll", {"marked": serializers.IntegerField()}
        ),
    )
    @action(detail=False, methods=["post"], url_path="read-all", url_name="read-all")
    def read_all(self, request, **kwargs):
        """Mark every unread notification read; says how many were."""
        marked = inbox.notifications_mark_all_read(
            organization=self.organization, user=request.user
        )
        return Response({"marked": marked})
