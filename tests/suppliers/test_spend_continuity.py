"""Single-source by share of spend: hand-computed cases of the flag (85/15 flagged, 50/50
not, exactly at the share not, a supplier not approved counted in the total but never the
source, no spend leaving only the one-approved-source rule, the dominant supplier's status
changing the flag, the setting moving the line, only the last full year with spend read),
and the selectors' queries constant in the number of categories and suppliers."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from relmgmt.core.dates import organization_today
from relmgmt.core.scoping import org_scope
from relmgmt.tenancy import services as tenancy_services
from suppliers.models.register import Category
from suppliers.selectors import continuity as selectors
from suppliers.selectors import register as register_selectors
from suppliers.services import continuity as continuity_services
from suppliers.services import spend as services

from .helpers_reviews import approved
from .test_continuity import _move, _row


def _spend(org, actor, supplier, amount, *, category="logistics", back=1):
    year = organization_today(org).year - back
    data = {"supplier": supplier, "category": category, "year": year, "amount": Decimal(amount)}
    return services.spend_create(organization=org, actor=actor, data=data)


@pytest.fixture
def pair(org, manager, make_supplier):
    """Two approved suppliers of logistics."""
    first = approved(org, manager.user, make_supplier, code="LOG-1", categories=["logistics"])
    second = approved(org, manager.user, make_supplier, code="LOG-2", categories=["logistics"])
    return first, second


def test_a_supplier_with_85_of_15_makes_the_category_single_source(org, manager, pair):
    first, second = pair
    _spend(org, manager.user, first, "850")
    _spend(org, manager.user, second, "150")
    row = _row(org, "logistics")
    year = organization_today(org).year - 1
    assert row.sources == 2 and row.single_source and row.dominant.pk == first.pk
    assert row.single_source_reason == f"85% of {year} spend with LOG-1"
    assert row.single_source_supplier.pk == first.pk
    assert row.at_risk  # no approved backup named
    # The supplier it depends on is no backup of itself; the other approved one is.
    for backup, at_risk in ((first, True), (second, False)):
        continuity_services.sourcing_save(
            organization=org, actor=manager.user, category="logistics",
            data={"backup_supplier": backup},
        )  # fmt: skip
        assert _row(org, "logistics").at_risk is at_risk
    with org_scope(org):
        marks = selectors.sole_sources(organization=org)
    assert marks == {first.pk: {"logistics": f"85% of {year} spend with LOG-1"}}


def test_an_even_split_is_not_single_source(org, manager, pair):
    first, second = pair
    _spend(org, manager.user, first, "500")
    _spend(org, manager.user, second, "500")
    row = _row(org, "logistics")
    assert not row.single_source and row.single_source_reason == "" and not row.at_risk


def test_exactly_at_the_share_is_not_above_it(org, manager, pair):
    first, second = pair
    big = _spend(org, manager.user, first, "800.00")
    small = _spend(org, manager.user, second, "200.00")
    assert not _row(org, "logistics").single_source
    # A cent moved: 800.01 of 1,000.00 is above 80%.
    services.spend_update(
        organization=org, actor=manager.user, spend=big, data={"amount": Decimal("800.01")}
    )
    services.spend_update(
        organization=org, actor=manager.user, spend=small, data={"amount": Decimal("199.99")}
    )
    row = _row(org, "logistics")
    assert row.single_source and row.single_source_reason.startswith("80% of")


def test_the_setting_moves_the_line(org, admin, manager, pair):
    first, second = pair
    _spend(org, manager.user, first, "700")
    _spend(org, manager.user, second, "300")
    assert not _row(org, "logistics").single_source
    tenancy_services.organization_update(
        organization=org, actor=admin.user, name=org.name, timezone_name=org.timezone,
        require_mfa=org.require_mfa, single_source_share=65,
    )  # fmt: skip
    assert _row(org, "logistics").single_source_reason.startswith("70% of")
    with pytest.raises(ValidationError) as refused:
        tenancy_services.organization_update(
            organization=org, actor=admin.user, name=org.name, timezone_name=org.timezone,
            require_mfa=org.require_mfa, single_source_share=49,
        )  # fmt: skip
    assert "single_source_share" in refused.value.message_dict


def test_a_supplier_not_approved_counts_in_the_total_but_is_never_the_source(
    org, manager, pair, make_supplier
):
    first, second = pair
    prospect = make_supplier(org, code="LOG-3", categories=["logistics"])
    # 900 of 1,000 with a supplier not approved: it is not an approved source.
    _spend(org, manager.user, prospect, "900")
    _spend(org, manager.user, first, "90")
    _spend(org, manager.user, second, "10")
    row = _row(org, "logistics")
    assert row.lead.supplier_id == prospect.pk and not row.single_source
    # Its spend dilutes the approved one's share: 850 of 1,100 (77%) is not above 80%.
    with org_scope(org):
        first_spend = first.spend.get()
    services.spend_update(
        organization=org, actor=manager.user, spend=first_spend, data={"amount": Decimal(850)}
    )
    with org_scope(org):
        prospect_spend = prospect.spend.get()
    services.spend_update(
        organization=org, actor=manager.user, spend=prospect_spend, data={"amount": Decimal(240)}
    )
    row = _row(org, "logistics")
    assert row.lead.supplier_id == first.pk and row.lead.total == Decimal(1100)
    assert not row.single_source


def test_without_spend_only_the_one_approved_source_rule_applies(org, manager, pair, make_supplier):
    sole = approved(org, manager.user, make_supplier, code="PKG-1", categories=["packaging"])
    assert not _row(org, "logistics").single_source
    row = _row(org, "packaging")
    assert row.single_source and row.single_source_reason == "one approved source"
    assert row.lead is None and row.single_source_supplier.pk == sole.pk
    # This year's spend is not a full year: not read.
    _spend(org, manager.user, pair[0], "990", back=0)
    _spend(org, manager.user, pair[1], "10", back=0)
    assert not _row(org, "logistics").single_source


def test_the_last_full_year_with_spend_is_read(org, manager, pair):
    first, second = pair
    _spend(org, manager.user, first, "900", back=3)
    _spend(org, manager.user, second, "100", back=3)
    year = organization_today(org).year - 3
    row = _row(org, "logistics")
    assert row.single_source and row.lead.year == year  # no later year has spend
    _spend(org, manager.user, first, "400", back=2)
    _spend(org, manager.user, second, "600", back=2)
    row = _row(org, "logistics")
    assert row.lead.year == year + 1 and not row.single_source


def test_a_status_change_of_the_dominant_supplier_changes_the_flag(org, manager, pair):
    first, second = pair
    third_year = organization_today(org).year - 1
    _spend(org, manager.user, first, "850")
    _spend(org, manager.user, second, "150")
    assert _row(org, "logistics").single_source_reason == f"85% of {third_year} spend with LOG-1"
    # Suspended, the dominant one is no approved source: one approved source is left.
    _move(org, manager.user, first, "suspend")
    row = _row(org, "logistics")
    assert row.single_source and row.single_source_reason == "one approved source"
    assert row.single_source_supplier.pk == second.pk
    # Reinstated: single-source by its share again.
    _move(org, manager.user, first, "approve")
    assert _row(org, "logistics").single_source_reason.endswith("spend with LOG-1")


def test_the_register_shows_the_reason_and_reads_constant_queries(org, manager, make_supplier):
    def grow(categories):
        for number, category in enumerate(categories):
            big = approved(org, manager.user, make_supplier, categories=[category])
            small = approved(org, manager.user, make_supplier, categories=[category])
            _spend(org, manager.user, big, "900", category=category, back=1 + number % 2)
            _spend(org, manager.user, small, "100", category=category, back=1 + number % 2)

    def queries():
        with org_scope(org), CaptureQueriesContext(connection) as captured:
            rows = selectors.continuity(organization=org)
            marks = selectors.sole_sources(organization=org)
        return len(captured), rows, marks

    grow(Category.values[:1])
    few, rows, marks = queries()
    grow(Category.values[1:8])  # each category its own pair, the years alternating
    many, rows, marks = queries()
    assert few == many
    assert len(rows) == 8 and all(row.single_source for row in rows)
    assert sum(len(reasons) for reasons in marks.values()) == 8
    with org_scope(org):
        listed = list(
            register_selectors.supplier_list(organization=org).values(
                "pk", *register_selectors.SUPPLIER_LIST_COLUMNS
            )
        )
        register_selectors.supplier_list_marks(organization=org, rows=listed)
    flagged = [row for row in listed if row["single_source"]]
    assert len(flagged) == 8
    assert all("spend with" in reason for row in flagged
               for reason in row["single_source_reasons"].values())  # fmt: skip


def test_a_page_marks_what_the_whole_register_says_and_follows_every_change(
    org, manager, make_supplier
):
    """The list's marks read only the page's suppliers (and whether each category has a
    second approved source): the same as the whole register's, page by page, remembered
    while the records stay as they are, and renewed by a change."""
    user = manager.user
    tooling = approved(org, user, make_supplier, code="A-TOOL", categories=["tooling"])
    make_supplier(org, code="B-PROS", categories=["tooling"])  # not approved: no source
    big = approved(org, user, make_supplier, code="C-LOG", categories=["logistics"])
    small = approved(org, user, make_supplier, code="D-LOG", categories=["logistics"])
    approved(org, user, make_supplier, code="E-PKG", categories=["packaging"])
    approved(org, user, make_supplier, code="F-PKG", categories=["packaging", "software"])
    suspended = approved(org, user, make_supplier, code="G-CMP", categories=["components"])
    _move(org, user, suspended, "suspend")
    approved(org, user, make_supplier, code="H-CMP", categories=["components", "logistics"])
    _spend(org, user, big, "850")
    small_spend = _spend(org, user, small, "150")

    def listed():
        with org_scope(org):
            rows = list(
                register_selectors.supplier_list(organization=org)
                .order_by("code")
                .values("pk", *register_selectors.SUPPLIER_LIST_COLUMNS)
            )
            with CaptureQueriesContext(connection) as marking:
                for page in (rows[:3], rows[3:6], rows[6:]):
                    register_selectors.supplier_list_marks(organization=org, rows=page)
            whole = selectors.sole_sources(organization=org)
        spend_read = [query for query in marking if "suppliers_supplierspend" in query["sql"]]
        marks = {row["code"]: row["single_source_reasons"] for row in rows}
        return marks, {row["code"]: whole.get(row["pk"], {}) for row in rows}, len(spend_read)

    year = organization_today(org).year - 1
    marks, whole, read = listed()
    expected = {
        "A-TOOL": {"tooling": "one approved source"},
        "B-PROS": {},
        "C-LOG": {"logistics": f"85% of {year} spend with C-LOG"},
        "D-LOG": {},
        "E-PKG": {},
        "F-PKG": {"software": "one approved source"},
        "G-CMP": {},
        "H-CMP": {"components": "one approved source"},
    }
    assert marks == whole == expected
    assert read == 1, "the sourcing is read once, then remembered"
    assert listed() == (marks, whole, 0)
    # A change moves the audit trail's head: the marks follow it.
    services.spend_update(
        organization=org, actor=user, spend=small_spend, data={"amount": Decimal("9150")}
    )
    _move(org, user, tooling, "suspend")
    marks, whole, read = listed()
    assert marks == whole and read == 1
    assert marks["D-LOG"] == {"logistics": f"91.5% of {year} spend with D-LOG"}
    assert marks["A-TOOL"] == {} and marks["C-LOG"] == {}
