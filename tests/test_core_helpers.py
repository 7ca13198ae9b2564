"""The generic helpers every app imports from relmgmt.core."""

import csv
import io
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.http import Http404
from django.utils import timezone

from parties.models import Party
from relmgmt.core.csv import csv_text, safe_cell, unescape_cell
from relmgmt.core.dates import add_months, organization_today
from relmgmt.core.db.statistics import BULK_ROWS, statistics_renew
from relmgmt.core.files import private_download
from relmgmt.core.filtersets import StableOrderingFilter
from relmgmt.core.scoping import org_scope


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_text_a_spreadsheet_would_run_as_a_formula_gets_an_apostrophe(start):
    assert safe_cell(f"{start}HYPERLINK(1)") == f"'{start}HYPERLINK(1)"
    assert unescape_cell(safe_cell(f"{start}x")) == f"{start}x"


def test_other_cells_stay_as_they_are():
    assert safe_cell("Acme") == "Acme"
    assert safe_cell("'quoted") == "'quoted"
    assert unescape_cell("'quoted") == "'quoted"
    assert safe_cell(None) == ""
    assert safe_cell(-5) == -5 and safe_cell(Decimal("-1.5")) == Decimal("-1.5")
    assert safe_cell(date(2026, 3, 1)) == "2026-03-01"
    assert safe_cell(datetime(2026, 3, 1, 9, 30, tzinfo=UTC)) == "2026-03-01T09:30:00+00:00"


def test_csv_text_guards_every_cell_header_included():
    text = csv_text(["name", "=h"], [["=cmd", 3], ["ok", None]])
    assert list(csv.reader(io.StringIO(text))) == [
        ["name", "'=h"],
        ["'=cmd", "3"],
        ["ok", ""],
    ]


def test_add_months_keeps_the_day_or_takes_the_last_of_a_shorter_month():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 3, 31), -1) == date(2026, 2, 28)
    assert add_months(date(2026, 1, 15), -13) == date(2024, 12, 15)


def test_the_organisations_today_is_in_its_time_zone():
    far_east = SimpleNamespace(timezone="Pacific/Kiritimati")  # UTC+14
    far_west = SimpleNamespace(timezone="Pacific/Pago_Pago")  # UTC-11
    before = timezone.now()
    east, west = organization_today(far_east), organization_today(far_west)
    after = timezone.now()
    # 25 hours apart: one day between them for 23 hours of the day, two for the 24th.
    possible = {
        ((moment + timedelta(hours=14)).date(), (moment - timedelta(hours=11)).date())
        for moment in (before, after)
    }
    assert (east, west) in possible
    assert (east - west).days in (1, 2)


class _Query:
    def __init__(self):
        self.ordered_by = None

    def order_by(self, *fields):
        self.ordered_by = fields
        return self


def _sorted(filter_, value):
    return filter_.filter(_Query(), value).ordered_by


def test_ties_follow_the_last_column_unless_the_tiebreaker_names_its_way():
    following = StableOrderingFilter(fields=(("name", "name"), ("due", "due")))
    assert _sorted(following, ["-due"]) == ("-due", "-pk")
    assert _sorted(following, ["due"]) == ("due", "pk")
    newest = StableOrderingFilter(fields=(("due", "due"), ("id", "id")), tiebreaker=("-id",))
    assert _sorted(newest, ["due"]) == ("due", "-id")
    assert _sorted(newest, ["-due"]) == ("-due", "-id")
    assert _sorted(newest, ["id"]) == ("id",), "a sorted column is no tiebreaker"


def test_a_missing_private_file_is_not_found():
    class Lost:
        def __bool__(self):
            return True

        def open(self, mode):
            raise FileNotFoundError

    with pytest.raises(Http404):
        private_download(None, filename="x.pdf", content_type="application/pdf")
    with pytest.raises(Http404):
        private_download(Lost(), filename="x.pdf", content_type="application/pdf")


def test_a_private_file_is_an_uncached_attachment():
    file = ContentFile(b"%PDF-1.4", name="stored.pdf")
    response = private_download(file, filename="Cert 1.pdf", content_type="application/pdf")
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_a_bulk_write_renews_the_planners_statistics_of_its_table(org):
    """On PostgreSQL the table is analysed at once (its row estimate is its rows), and only
    after many rows; SQLite keeps no statistics."""
    with org_scope(org):
        Party.objects.bulk_create(
            [Party(organization=org, name=f"P{n}", description="x") for n in range(30)]
        )
    assert not statistics_renew(Party, rows_written=BULK_ROWS - 1)
    renewed = statistics_renew(Party, rows_written=BULK_ROWS)
    assert renewed == (connection.vendor == "postgresql")
    if renewed:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT reltuples, (SELECT COUNT(*) FROM parties_party) FROM pg_class "
                "WHERE relname = 'parties_party'"
            )
            estimate, rows = cursor.fetchone()
        assert estimate == rows >= 30
