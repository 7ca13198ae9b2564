"""The register overview: power-interest grid, risk heat map, reviews due per month; their
counts, links, tables, CSV downloads, and a constant number of queries."""

import csv
import io

from parties import pictures
from parties.selectors import overview as overview_selectors
from relmgmt.core.dates import add_months
from relmgmt.core.scoping import org_scope

from .helpers_reviews import days, make_party, make_risk, today


def rows_of(response) -> list[list[str]]:
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    return list(csv.reader(io.StringIO(response.content.decode())))


# --- Risk heat map ------------------------------------------------------------------------


def test_the_heat_map_counts_open_risks_by_cell_and_links_to_them(org, manager, client_for):
    party = make_party(org, manager.user)
    pair = [make_risk(org, manager.user, party, likelihood=3, impact=4) for _ in range(2)]
    make_risk(org, manager.user, party, likelihood=5, impact=5)
    make_risk(org, manager.user, party, likelihood=3, impact=4, status="closed")
    make_risk(org, manager.user, party, likelihood=3, impact=4, kind="opportunity")

    with org_scope(org):
        assert overview_selectors.risk_counts(organization=org, kind="risk") == {
            (3, 4): 2,
            (5, 5): 1,
        }
        assert overview_selectors.risk_counts(organization=org, kind="opportunity") == {(3, 4): 1}

    client = client_for(manager)
    page = client.get(f"/o/{org.slug}/parties/overview/").content.decode()
    link = f"/o/{org.slug}/parties/risks/?kind=risk&amp;status=open&amp;likelihood=3&amp;impact=4"
    assert f'<a href="{link}">2</a>' in page, "the table's cell"
    assert f'<a href="{link}" aria-label="Likelihood 3, impact 4: 2">' in page, "the picture's"
    listed = client.get(link.replace("&amp;", "&")).context["page"].object_list
    assert sorted(risk.pk for risk in listed) == sorted(risk.pk for risk in pair)

    rows = rows_of(client.get(f"/o/{org.slug}/parties/overview/heat-map.csv"))
    assert rows[0] == ["likelihood", "impact", "rating", "band", "open risks"]
    assert len(rows) == 26
    assert ["3", "4", "12", "high", "2"] in rows and ["5", "5", "25", "high", "1"] in rows
    assert sum(int(row[4]) for row in rows[1:]) == 3
    rows = rows_of(client.get(f"/o/{org.slug}/parties/overview/heat-map.csv?kind=opportunity"))
    assert rows[0][4] == "open opportunities" and ["3", "4", "12", "high", "1"] in rows


def test_the_heat_map_geometry_puts_likelihood_up_and_impact_across():
    heat = pictures.heat_map(
        {(5, 1): 4}, "risk", lambda likelihood, impact: f"/cell/{likelihood}/{impact}"
    )
    top_left = heat.cells[0]
    assert (top_left["likelihood"], top_left["impact"], top_left["count"]) == (5, 1, 4)
    assert top_left["url"] == "/cell/5/1" and heat.cells[1]["url"] == "", "no link to nothing"
    assert top_left["y"] < heat.cells[-1]["y"] and top_left["x"] < heat.cells[-1]["x"]
    assert [row["likelihood"] for row in heat.table] == [5, 4, 3, 2, 1]
    assert {cell["band"] for cell in heat.cells} == {"low", "medium", "high"}


# --- Power-interest grid ------------------------------------------------------------------


def test_the_grid_shows_every_party_but_the_inactive_ones_with_a_link(org, manager, client_for):
    key = make_party(
        org, manager.user, name="Key account", tier="strategic", influence=5, interest=5
    )
    quiet = make_party(
        org, manager.user, name="Quiet", tier="transactional", influence=1, interest=2
    )
    regulator = make_party(org, manager.user, name="Regulator", influence=5, interest=1)
    make_party(org, manager.user, name="Gone", status="inactive")
    make_party(org, manager.user, name="=HYPERLINK(1)", influence=2, interest=4)
    with org_scope(org):
        points = overview_selectors.power_interest_points(organization=org)
    assert len(points) == 4 and "Gone" not in {p["name"] for p in points}

    client = client_for(manager)
    page = client.get(f"/o/{org.slug}/parties/overview/").content.decode()
    for party in (key, quiet, regulator):
        assert page.count(f'href="/o/{org.slug}/parties/{party.pk}/"') == 2, "point and row"
    assert 'class="point tier-strategic"' in page and 'class="point tier-transactional"' in page

    rows = rows_of(client.get(f"/o/{org.slug}/parties/overview/power-interest.csv"))
    assert rows[0] == ["party", "tier", "influence", "interest", "approach"]
    assert ["Key account", "Strategic", "5", "5", "Manage closely"] in rows
    assert ["Regulator", "Managed", "5", "1", "Keep satisfied"] in rows
    assert ["Quiet", "Transactional", "1", "2", "Monitor"] in rows
    assert ["'=HYPERLINK(1)", "Managed", "2", "4", "Keep informed"] in rows, "no formula"
    assert len(rows) == 5


def test_a_crowded_cell_stays_inside_its_square():
    rows = [
        {"id": n, "name": f"P{n}", "tier": "managed", "influence": 3, "interest": 3}
        for n in range(50)
    ]
    grid = pictures.power_interest_grid(rows, lambda pk: f"/p/{pk}/")
    axis = grid.axis
    left, top = axis.x(3), axis.y(3)
    assert len(grid.rows) == 50 and len(grid.points) == pictures.MAX_POINTS_IN_CELL - 1
    assert grid.overflow[0]["text"] == f"+{50 - pictures.MAX_POINTS_IN_CELL + 1}"
    for point in grid.points:
        assert left < point.cx - point.r and point.cx + point.r < left + axis.cell
        assert top < point.cy - point.r and point.cy + point.r < top + axis.cell


# --- Reviews due per month ----------------------------------------------------------------


def test_reviews_due_are_counted_per_month_with_the_overdue_first(org, manager, client_for):
    t = today(org)
    this_month = t.replace(day=1)
    next_month = add_months(this_month, 1) + days(3)
    make_party(org, manager.user, name="Overdue", next_review_due=t - days(5))
    make_party(org, manager.user, name="Due today", next_review_due=t)
    make_party(org, manager.user, name="Next month", next_review_due=next_month)
    make_party(org, manager.user, name="Last month", next_review_due=add_months(this_month, 11))
    make_party(org, manager.user, name="Beyond", next_review_due=add_months(this_month, 12))
    make_party(org, manager.user, name="Asleep", status="inactive", next_review_due=t - days(3))

    with org_scope(org):
        months = overview_selectors.reviews_due_by_month(organization=org, today=t)
    assert [m.key for m in months][:2] == ["overdue", f"{this_month:%Y-%m}"]
    assert len(months) == 13
    counts = [m.count for m in months]
    assert counts[0] == 1 and counts[1] == 1 and counts[2] == 1 and counts[12] == 1
    assert sum(counts) == 4

    client = client_for(manager)
    page = client.get(f"/o/{org.slug}/parties/overview/").content.decode()
    due_list = f"/o/{org.slug}/parties/reviews/due/"
    assert f'href="{due_list}?review_due=overdue"' in page
    month_link = f"{due_list}?month={next_month:%Y-%m}"
    assert f'href="{month_link}"' in page
    listed = client.get(month_link).context["page"].object_list
    assert [party.name for party in listed] == ["Next month"]

    rows = rows_of(client.get(f"/o/{org.slug}/parties/overview/reviews-due.csv"))
    assert rows[0] == ["month", "reviews due"] and rows[1] == ["overdue", "1"]
    assert rows[3] == [f"{next_month:%Y-%m}", "1"] and len(rows) == 14


# --- The page as a whole ------------------------------------------------------------------


def test_the_overview_is_server_rendered_under_the_strict_policy(org, auditor, client_for):
    response = client_for(auditor).get(f"/o/{org.slug}/parties/overview/")
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "unsafe-inline" not in policy
    page = response.content.decode()
    assert "<svg" in page and ' style="' not in page
    assert page.count("<script") == page.count("<script nonce=") + page.count('<script src="')
    assert "Download this table (CSV)" in page, "auditors export evidence"


def test_the_overview_keeps_its_queries_constant(org, manager, client_for, assert_constant_queries):
    party = make_party(org, manager.user)
    make_risk(org, manager.user, party)

    def grow():
        for n in range(8):
            other = make_party(
                org,
                manager.user,
                influence=1 + n % 5,
                interest=1 + (n * 2) % 5,
                next_review_due=today(org) + days(40 * n - 20),
            )
            make_risk(org, manager.user, other, likelihood=1 + n % 5, impact=5 - n % 5)

    assert_constant_queries(client_for(manager), f"/o/{org.slug}/parties/overview/", grow=grow)
    for name in ("power-interest", "heat-map", "reviews-due"):
        assert_constant_queries(
            client_for(manager), f"/o/{org.slug}/parties/overview/{name}.csv", grow=grow
        )
