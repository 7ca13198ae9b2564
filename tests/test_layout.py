"""The layout's header is kept per process under what it shows (relmgmt.core.templatetags
.layout): each of those changing shows on the next page."""

from relmgmt.policy import Role
from relmgmt.tenancy import services as tenancy_services


def header_of(client, url) -> str:
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    return html[html.index('<header class="site') : html.index("</header>")]


def test_the_header_follows_the_name_the_organisations_and_the_role(
    admin, manager, other_org, make_member, client_for
):
    client = client_for(manager)
    organization = manager.organization
    url = f"/o/{organization.slug}/"
    header = header_of(client, url)
    assert manager.user.display_name in header
    assert 'id="org-switcher"' not in header and "Members</a>" not in header

    manager.user.full_name = "Someone Renamed"
    manager.user.save()
    assert "Someone Renamed" in header_of(client, url)

    make_member(other_org, Role.AUDITOR, user=manager.user)
    header = header_of(client, url)
    assert 'id="org-switcher"' in header and other_org.name in header

    tenancy_services.membership_update(
        organization=organization, actor=admin.user, membership=manager, role=Role.ADMIN
    )
    assert "Members</a>" in header_of(client, url)

    tenancy_services.organization_update(
        organization=organization,
        actor=admin.user,
        name="Acme Renamed",
        timezone_name=organization.timezone,
        require_mfa=False,
        required_certificate_types=[],
    )
    assert "Acme Renamed" in header_of(client, url)


def test_the_header_is_the_same_rendered_afresh_or_kept(manager, client_for):
    from relmgmt.core.templatetags import layout

    client = client_for(manager)
    url = f"/o/{manager.organization.slug}/"
    kept = header_of(client, url)
    layout._kept.clear()
    assert header_of(client, url) == kept
