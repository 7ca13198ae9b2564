"""The users of the mixed-load benchmark, for Locust (``locust -f bench/mixed_load_users.py``
with one of the classes below named): ``bench_mixed_load`` runs it; see that module.

Each user takes the next of the people ``bench.seed_mixed_load`` signed in (the file named by
``MIXED_LOAD_PEOPLE``): an organisation, a role, a session cookie and an API token. Staff
(admins, quality managers, auditors) open the organisation's pages and call its API; portal
users of a supplier open the portal's pages and call the portal's API. Each request is
named after what it opens ("page: supplier", "api: deliveries of a supplier"), so the
figures come per page, whichever record was opened. Anything but a 200 is an error:
redirects are not followed (a redirect to the sign-in page would otherwise pass as a page).
"""

import itertools
import json
import os
import random

from locust import between, constant, task
from locust.contrib.fasthttp import FastHttpUser

# (weight, name, path): {org} is the user's organisation, {party}, {supplier} ... the id of
# one of the organisation's first records of that kind, drawn at random each time.
STAFF_PAGES = [
    (10, "page: organisation home", "/o/{org}/"),
    (6, "page: parties", "/o/{org}/parties/"),
    (2, "page: parties, search (htmx)", "/o/{org}/parties/?q=a"),
    (8, "page: party", "/o/{org}/parties/{party}/"),
    (2, "page: contacts", "/o/{org}/contacts/"),
    (2, "page: interactions", "/o/{org}/interactions/"),
    (2, "page: follow-ups", "/o/{org}/follow-ups/"),
    (2, "page: risks", "/o/{org}/parties/risks/"),
    (1, "page: reviews due", "/o/{org}/parties/reviews/due/"),
    (1, "page: parties overview", "/o/{org}/parties/overview/"),
    (8, "page: suppliers", "/o/{org}/suppliers/"),
    (10, "page: supplier", "/o/{org}/suppliers/{supplier}/"),
    (2, "page: supplier scorecard", "/o/{org}/suppliers/{supplier}/scorecard/"),
    (2, "page: certificates", "/o/{org}/suppliers/certificates/"),
    (1, "page: re-evaluations due", "/o/{org}/suppliers/reevaluations/"),
    (1, "page: supply continuity", "/o/{org}/suppliers/continuity/"),
    (1, "page: spend", "/o/{org}/suppliers/spend/"),
    (1, "page: approved suppliers", "/o/{org}/suppliers/approved/"),
    (1, "page: scorecards", "/o/{org}/suppliers/scorecards/"),
    (5, "page: deliveries", "/o/{org}/deliveries/"),
    (3, "page: delivery", "/o/{org}/deliveries/{delivery}/"),
    (2, "page: questionnaires", "/o/{org}/questionnaires/"),
    (2, "page: questionnaire", "/o/{org}/questionnaires/{questionnaire}/"),
    (4, "page: complaints", "/o/{org}/complaints/"),
    (2, "page: complaints, search (htmx)", "/o/{org}/complaints/?q=a"),
    (4, "page: complaint", "/o/{org}/complaints/{complaint}/"),
    (2, "page: nonconformities", "/o/{org}/nonconformities/"),
    (2, "page: nonconformity", "/o/{org}/nonconformities/{nonconformity}/"),
    (4, "page: corrective actions", "/o/{org}/corrective-actions/"),
    (4, "page: corrective action", "/o/{org}/corrective-actions/{corrective_action}/"),
    (2, "page: supplier 8Ds", "/o/{org}/supplier-8d/"),
    (1, "page: QMS evidence", "/o/{org}/qms/evidence/"),
    (1, "page: quality objectives", "/o/{org}/qms/objectives/"),
    (1, "page: management reviews", "/o/{org}/qms/reviews/"),
    (1, "page: customer figures", "/o/{org}/customers/figures/"),
    (1, "page: customer revenue", "/o/{org}/customers/revenue/"),
    (2, "page: notifications", "/o/{org}/notifications/"),
    (1, "page: reminders", "/o/{org}/reminders/"),
    (1, "page: settings", "/o/{org}/settings/"),
]
STAFF_PAGES_BY_ROLE = {
    "admin": [
        (2, "page: members", "/o/{org}/members/"),
        (1, "page: auditors' access log", "/o/{org}/members/access-log/"),
        (2, "page: audit log", "/o/{org}/audit/"),
    ],
    "auditor": [(6, "page: audit log", "/o/{org}/audit/")],
    "manager": [(1, "page: audit log", "/o/{org}/audit/")],
}
STAFF_API = [
    (3, "api: parties", "/api/v1/o/{org}/parties/"),
    (3, "api: party", "/api/v1/o/{org}/parties/{party}/"),
    (3, "api: suppliers", "/api/v1/o/{org}/suppliers/"),
    (3, "api: supplier", "/api/v1/o/{org}/suppliers/{supplier}/"),
    (3, "api: deliveries of a supplier", "/api/v1/o/{org}/deliveries/?supplier={supplier}"),
    (2, "api: complaints", "/api/v1/o/{org}/complaints/"),
    (2, "api: corrective actions", "/api/v1/o/{org}/corrective-actions/"),
    (1, "api: scorecard results", "/api/v1/o/{org}/scorecard-results/"),
    (1, "api: audit events", "/api/v1/o/{org}/audit-events/"),
]
PORTAL_PAGES = [
    (5, "portal: home", "/portal/{org}/"),
    (4, "portal: questionnaires", "/portal/{org}/questionnaires/"),
    (3, "portal: questionnaire", "/portal/{org}/questionnaires/{own_questionnaire}/"),
    (3, "portal: scorecard", "/portal/{org}/scorecard/"),
    (2, "portal: profile", "/portal/{org}/profile/"),
    (2, "portal: certificates", "/portal/{org}/certificates/"),
    (2, "portal: requests", "/portal/{org}/requests/"),
    (2, "portal: notifications", "/portal/{org}/notifications/"),
    (2, "portal: 8Ds", "/portal/{org}/8d/"),
]
PORTAL_API = [
    (2, "portal api: profile", "/api/v1/portal/{org}/profile/"),
    (1, "portal api: scorecard", "/api/v1/portal/{org}/scorecard/"),
    (1, "portal api: questionnaires", "/api/v1/portal/{org}/questionnaires/"),
    (1, "portal api: certificates", "/api/v1/portal/{org}/certificates/"),
]


def _load_people() -> dict:
    with open(os.environ["MIXED_LOAD_PEOPLE"]) as source:
        return json.load(source)


WORLD = _load_people()
STAFF = [person for person in WORLD["people"] if person["role"] != "supplier"]
_next_person = itertools.count()
_next_staff = itertools.count()


class Person(FastHttpUser):
    """One of the people signed in, with their session and token. Cookies are sent as given
    (the session's): the client keeps none of the server's, as a page read needs none."""

    abstract = True

    def on_start(self):
        self.client.client.cookiejar = None
        self.person = self.next_person()
        self.records = WORLD["records"][self.person["organization"]]
        self.cookie = {"Cookie": f"sessionid={self.person['session']}"}
        self.token = {"Authorization": f"Token {self.person['token']}"}

    def next_person(self) -> dict:
        return WORLD["people"][next(_next_person) % len(WORLD["people"])]

    def fill(self, path: str) -> str:
        values = {kind: random.choice(ids) for kind, ids in self.records.items() if ids}
        own = self.person["questionnaires"]
        return path.format(
            org=self.person["organization"],
            own_questionnaire=random.choice(own) if own else 0,
            **values,
        )

    def get(self, choices, headers: dict) -> None:
        _weight, name, path = random.choices(choices, weights=[c[0] for c in choices])[0]
        if "(htmx)" in name:
            headers = {**headers, "HX-Request": "true"}
        with self.client.get(
            self.fill(path),
            name=name,
            headers=headers,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                location = response.headers.get("Location", "") if response.headers else ""
                response.failure(f"{response.status_code} {location}".strip())


class BrowsingUser(Person):
    """Pages with time to read them (1 to 5 seconds), and now and then an API call (with the
    person's token, no cookie: as an integration calls it)."""

    wait_time = between(1, 5)

    def on_start(self):
        super().on_start()
        portal = self.person["role"] == "supplier"
        self.pages = (
            PORTAL_PAGES
            if portal
            else STAFF_PAGES + STAFF_PAGES_BY_ROLE.get(self.person["role"], [])
        )
        if not self.person["questionnaires"]:
            self.pages = [page for page in self.pages if "{own_questionnaire}" not in page[2]]
        self.calls = PORTAL_API if portal else STAFF_API

    @task(6)
    def page(self):
        self.get(self.pages, self.cookie)

    @task(1)
    def api_call(self):
        self.get(self.calls, self.token)


class SaturatingUser(BrowsingUser):
    """The same people and mix, with no time between requests."""

    wait_time = constant(0)


class HealthzUser(FastHttpUser):
    """The bare view: /healthz (one query on the database, no session), nothing between."""

    wait_time = constant(0)

    @task
    def healthz(self):
        self.client.get("/healthz", name="bare: /healthz")


class SignedInBareUser(Person):
    """A bare organisation page signed in (``bench.urls``: one query on the parties table
    behind the session, user, organisation and membership), for the staff among the people,
    nothing between requests."""

    wait_time = constant(0)

    def next_person(self) -> dict:
        return STAFF[next(_next_staff) % len(STAFF)]

    @task
    def bare(self):
        self.get([(1, "bare: signed in", "/o/{org}/bench-bare/")], self.cookie)
