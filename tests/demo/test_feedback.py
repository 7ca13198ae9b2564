"""The demo's surveys: eight quarterly campaigns with responses, an NPS that moves, and
detractor follow-ups open and closed; no survey email left waiting."""

from datetime import timedelta

from feedback.models import SurveyCampaign, SurveyEmail, SurveyResponse
from feedback.selectors import surveys as selectors
from parties.models import FollowUp
from relmgmt.core.dates import organization_today
from relmgmt.core.scoping import org_scope
from relmgmt.tenancy.models import Organization


def test_the_demo_has_two_years_of_quarterly_surveys(db):
    organization = Organization.objects.get(slug="acme")
    with org_scope(organization):
        assert SurveyCampaign.objects.count() == 8
        assert SurveyCampaign.objects.filter(status="sent").count() == 1
        assert SurveyResponse.objects.count() > 8
        today = organization_today(organization)
        points = selectors.trend(
            organization=organization, start=today - timedelta(days=760), end=today
        )
        scores = {p.nps.score for p in points if p.nps.total}
        assert len(scores) >= 4  # the NPS moves
        follow_ups = FollowUp.objects.filter(
            pk__in=SurveyResponse.objects.exclude(follow_up=None).values("follow_up")
        )
        assert follow_ups.filter(done_at__isnull=False).exists()
        assert follow_ups.filter(done_at__isnull=True).exists()
        closed = SurveyResponse.objects.exclude(loop_closed_at=None)
        assert closed.exists() and not closed.filter(loop_cause="").exists()
        assert selectors.results(organization=organization).causes
        assert not SurveyEmail.objects.filter(status="pending").exists()
