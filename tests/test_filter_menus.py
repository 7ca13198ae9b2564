"""A list's filter controls. On a record chosen by name (NamedChoiceFilter): a menu of
the register's names, read as (pk, name) pairs; past MENU_LIMIT only the record chosen,
which a link from the record's own page still selects. Yes-or-no and number filters: the
HTML of Django's widgets, written without their templates."""

import re

import pytest
from django.test.html import parse_html
from django.urls import reverse

from corrective_actions.filters.corrective_actions import CorrectiveActionFilter
from corrective_actions.selectors.corrective_actions import corrective_actions
from parties.models import Party
from relmgmt.core.scoping import org_scope
from relmgmt.core.templatetags.listing import MENU_LIMIT, filter_control
from relmgmt.policy import Role
from relmgmt.tenancy import services as tenancy_services

pytestmark = pytest.mark.django_db


def party_options(html: str) -> list[str]:
    menu = re.search(r'<select name="party" id="id_party">(.*?)</select>', html, re.S)
    return re.findall(r"<option[^>]*>([^<]*)</option>", menu.group(1))


def add_parties(org, owner, count):
    with org_scope(org):
        return Party.objects.bulk_create(
            [
                Party(organization=org, name=f"Customer {n:05d}", types=["customer"], owner=owner)
                for n in range(count)
            ]
        )


def test_a_register_that_fits_is_offered_by_name(org, manager, client_for):
    add_parties(org, manager.user, 3)
    page = client_for(manager).get(reverse("feedback:complaint_list", args=[org.slug]))
    options = party_options(page.content.decode())
    assert options[1:] == ["Customer 00000", "Customer 00001", "Customer 00002"]
    assert "Too many to list" not in page.content.decode()


def test_past_the_limit_only_the_chosen_record_is_offered(org, manager, client_for):
    parties = add_parties(org, manager.user, MENU_LIMIT + 1)
    client = client_for(manager)
    url = reverse("feedback:complaint_list", args=[org.slug])
    page = client.get(url).content.decode()
    assert len(party_options(page)) == 1 and "Too many to list here" in page
    chosen = client.get(url, {"party": parties[500].pk}).content.decode()
    assert party_options(chosen)[1:] == ["Customer 00500"]
    assert f'<option value="{parties[500].pk}" selected>' in chosen


def owner_options(html: str) -> list[str]:
    menu = re.search(r'<select name="owner" id="id_owner">(.*?)</select>', html, re.S)
    return re.findall(r"<option[^>]*>([^<]*)</option>", menu.group(1))


def test_a_menu_seen_before_follows_a_new_record_and_a_member_who_left(
    org, manager, make_member, client_for
):
    """Menus are remembered while the records and members stay as they are."""
    client = client_for(manager)
    url = reverse("feedback:complaint_list", args=[org.slug])
    assert party_options(client.get(url).content.decode())[1:] == []
    colleague = make_member(org, Role.MANAGER)
    page = client.get(url).content.decode()
    assert colleague.user.display_name in owner_options(page)
    add_parties(org, manager.user, 1)
    tenancy_services.membership_remove(organization=org, actor=manager.user, membership=colleague)
    page = client.get(url).content.decode()
    assert party_options(page)[1:] == ["Customer 00000"]
    assert colleague.user.display_name not in owner_options(page)


@pytest.mark.parametrize(
    "query",
    [{}, {"overdue": "true", "open": "false", "recurrent": "1", "age": "5"}, {"age": "abc"}],
)
def test_yes_no_and_number_filters_are_written_as_djangos_widgets_write_them(org, query):
    """The list writes these controls itself (lists are the most visited pages); the HTML
    is the one Django's widget templates give, attributes in any order."""
    with org_scope(org):
        found = CorrectiveActionFilter(
            query, queryset=corrective_actions(organization=org), request=None
        )
        assert found.is_valid() == ("age" not in query or query["age"].isdigit())
        written = {
            field.name: (parse_html(str(filter_control(field))), parse_html(str(field)))
            for field in found.form
            if field.name in ("overdue", "recurrent", "open", "age", "age_max")
        }
    assert len(written) == 5
    for name, (ours, djangos) in written.items():
        assert ours == djangos, name
