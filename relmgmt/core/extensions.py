"""What domain apps add to the platform.

The platform imports no domain app. Each app registers here, from its
``AppConfig.ready()``, what it adds to shared places: its pages and API routes, navigation
entries, home tiles, portal tabs and overview panels, sections of the organisation's
settings, its periodic dispatchers, what it must hear when a portal user changes, and links
from other apps' record pages to its own records. The platform reads these registries;
adding an app needs no edit under ``relmgmt/`` beyond ``INSTALLED_APPS``.

Dotted paths (URL modules, viewsets) are imported only when the URLs are first built, so
registering costs nothing at start-up and cannot make an import cycle.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from django.core.exceptions import ImproperlyConfigured


class _Keyed(Protocol):
    @property
    def key(self) -> str: ...

    @property
    def order(self) -> int: ...


T = TypeVar("T", bound=_Keyed)


class Registry(Generic[T]):
    """Entries with a unique key, read in their ``order`` and then by key."""

    def __init__(self, what: str) -> None:
        self.what = what
        self._entries: dict[str, T] = {}

    def register(self, entry: T) -> T:
        known = self._entries.get(entry.key)
        if known is not None and known != entry:
            raise ImproperlyConfigured(f"Two {self.what} are registered as {entry.key!r}.")
        self._entries[entry.key] = entry
        return entry

    def get(self, key: str) -> T | None:
        return self._entries.get(key)

    def __iter__(self) -> Iterator[T]:
        return iter(sorted(self._entries.values(), key=lambda entry: (entry.order, entry.key)))

    def __len__(self) -> int:
        return len(self._entries)


@dataclass(frozen=True)
class UrlModule:
    """A module with ``urlpatterns``, mounted at one of the platform's places."""

    module: str
    order: int = 100

    @property
    def key(self) -> str:
        return self.module


@dataclass(frozen=True)
class ApiRoute:
    """A viewset of the organisation API, at ``/api/v1/o/<slug>/<prefix>/``."""

    prefix: str
    viewset: str
    basename: str
    order: int = 100

    @property
    def key(self) -> str:
        return self.prefix


@dataclass(frozen=True)
class NavEntry:
    """A link in the organisation area's main menu, for members holding ``permission``."""

    key: str
    label: str
    url_name: str
    permission: str
    order: int = 100


@dataclass(frozen=True)
class Tile:
    """A card on a home page: ``template`` is rendered with ``context(request)`` as ``tile``,
    for members holding ``permission``."""

    key: str
    template: str
    permission: str
    context: Callable[[Any], dict] | None = None
    order: int = 100


@dataclass(frozen=True)
class KpiReading:
    """A KPI's figure now: ``value`` (None without data) and ``url``, the list filtered to
    exactly the rows the figure counts (empty where the figure is not a count of rows)."""

    value: float | None
    url: str = ""


@dataclass(frozen=True)
class Kpi:
    """A key performance indicator an app measures: a home tile (the figure now, a sparkline
    of the last periods, the target of its quality objective) and what quality objectives
    are set against.

    ``measure(organization, start, end)`` gives its value over a period (None without data),
    ``current(request)`` its figure now with the drill-down URL (default: the measure over
    the current month; ``note`` says over what when it is another window), the same for
    every member who may see it. ``better`` is
    "higher" or "lower"; ``unit`` is shown beside the value.
    """

    key: str
    label: str
    measure: Callable[[Any, Any, Any], float | None] | None = None
    current: Callable[[Any], KpiReading] | None = None
    better: str = "higher"
    unit: str = ""
    note: str = ""
    permission: str = "records.view"
    order: int = 100
    # The home keeps the figures until a record of the organisation changes or the day
    # turns; a figure that moves with the clock within a day (a service level passed at
    # 14:05) is ``live``: read at every view.
    live: bool = False


@dataclass(frozen=True)
class PartyEvents:
    """The days of an app's records about a party, read by another app that may not import
    the first: ``dates(organization, party_id, start, end)`` lists the day of each record in
    the period, ends included (``key`` "complaints": the complaints naming the party, for a
    supplier's contract compliance)."""

    key: str
    dates: Callable[[Any, int, Any, Any], list]
    order: int = 100


@dataclass(frozen=True)
class ReviewInput:
    """An input section of the management review (ISO 9001 9.3.2): ``item`` names the
    clause item ("9.3.2 c) 1)"), ``provide(organization, start, end)`` gives the section's
    figures for the period as plain JSON-ready data: ``{"figures": [[label, value], ...],
    "tables": [{"title": ..., "columns": [...], "rows": [[...], ...]}], "note": ...}``.
    A section with ``provide`` None is entered by hand in the review."""

    key: str
    title: str
    item: str
    provide: Callable[[Any, Any, Any], dict] | None = None
    order: int = 100


@dataclass(frozen=True)
class EvidenceLink:
    """A page that answers a clause of ISO 9001 ("8.4"), on the evidence by clause page:
    ``url_name`` with ``org_slug`` and ``kwargs`` (pairs, e.g. an export's format), then
    ``query`` (a list's filters, without "?"), for members holding ``permission``."""

    key: str
    clause: str
    label: str
    url_name: str
    permission: str = "records.view"
    order: int = 100
    kwargs: tuple[tuple[str, str], ...] = ()
    query: str = ""


@dataclass(frozen=True)
class PackFile:
    """One file of the evidence pack: its name inside the clause's folder, its bytes, and
    what it holds in a few words for the pack's index ("120 rows")."""

    name: str
    content: bytes
    summary: str = ""


@dataclass(frozen=True)
class EvidenceFile:
    """Files an app adds to the evidence pack, under the folder of ``clause`` ("8.4"):
    ``build(organization, start, end)`` gives them for the period (dates, both included)
    as a list of ``PackFile``; it runs in the worker, inside the organisation's scope."""

    key: str
    clause: str
    label: str
    build: Callable[[Any, Any, Any], list[PackFile]]
    order: int = 100


@dataclass(frozen=True)
class PortalTab:
    """A tab of the supplier portal; ``url_name`` is in the ``portal`` namespace."""

    key: str
    label: str
    url_name: str
    order: int = 100


@dataclass(frozen=True)
class Listener:
    """A function an app wants called when something of the platform changes."""

    key: str
    func: Callable[..., None]
    order: int = 100


@dataclass(frozen=True)
class PersonalData:
    """Fields of an app's records that can hold a contact's personal data (as
    "app_label.Model.field"), and the function that erases them when the contact is erased:
    called with ``organization``, ``actor``, ``contact``, ``former`` (the contact's values
    before erasure) and ``reason``, inside the erasure's transaction. It blanks or redacts
    the values in its records and redacts them from their audit events."""

    key: str
    fields: tuple[str, ...]
    erase: Callable[..., None]
    order: int = 100


@dataclass(frozen=True)
class PeriodicTask:
    """A dispatcher Celery beat runs on ``schedule`` (seconds, or a crontab): one entry per
    kind of work, never per organisation or object (tenancy rule 6)."""

    key: str
    task: str
    schedule: Any
    order: int = 100


@dataclass(frozen=True)
class RecordLink:
    """Links an app adds to another app's record page (the record's ``model_label``, as
    ``app_label.modelname``): ``links(request, record)`` gives (term, text, url) triples, shown to
    members holding ``permission``. A party's page links to its supplier record this way."""

    key: str
    model_label: str
    links: Callable[[Any, Any], list[tuple[str, str, str]]]
    permission: str = "records.view"
    order: int = 100


class SettingsSection:
    """Part of the organisation's settings that an app owns, kept in
    ``Organization.settings``.

    ``key`` is the keyword under which the section's value reaches
    ``organization_update``. The settings page adds ``form_fields()`` to its form (named
    as they are posted), starts them from ``initial(organization)``, turns the cleaned
    form back into the value with ``value_from_form``, and shows every member who may see
    the settings but not change them ``describe(organization)``.
    """

    key: str = ""
    title: str = ""
    order: int = 100

    def form_fields(self) -> dict:
        return {}

    def initial(self, organization) -> dict:
        return {}

    def value_from_form(self, organization, cleaned_data: dict) -> Any:
        raise NotImplementedError

    def clean(self, organization, value) -> dict:
        """The settings to store for ``value``, or a ValidationError naming the field."""
        raise NotImplementedError

    def describe(self, organization) -> list[tuple[str, str]]:
        """The section as (label, value) pairs, for a read-only view."""
        return []


# Pages under /o/<slug>/, /portal/<slug>/ (in the ``portal`` namespace), and the supplier
# portal's API under /api/v1/portal/<slug>/.
organization_urls: Registry[UrlModule] = Registry("organisation URL modules")
portal_urls: Registry[UrlModule] = Registry("portal URL modules")
portal_api_urls: Registry[UrlModule] = Registry("portal API URL modules")
# Public pages (no sign-in) at the site's root, outside any namespace: a URL module whose
# patterns must not take ``org_slug`` (that names the organisation area, for members).
public_urls: Registry[UrlModule] = Registry("public URL modules")
api_routes: Registry[ApiRoute] = Registry("API routes")
navigation: Registry[NavEntry] = Registry("navigation entries")
home_tiles: Registry[Tile] = Registry("home tiles")
# Wide panels of the organisation's home page, below its cards (what needs doing today, the
# KPIs, the objectives): ``template`` rendered with ``context(request)``.
home_panels: Registry[Tile] = Registry("home panels")
# Panels of the register of risks and opportunities (6.1), above its list: the risks other
# apps find (a category with a single approved source): ``template`` with ``context(request)``.
risk_register_panels: Registry[Tile] = Registry("risk register panels")
# Key performance indicators and the management review's input sections, from every app.
kpis: Registry[Kpi] = Registry("KPIs")
review_inputs: Registry[ReviewInput] = Registry("management review inputs")
party_events: Registry[PartyEvents] = Registry("party events")
# The registers and reports that answer each clause, for auditors.
evidence_links: Registry[EvidenceLink] = Registry("evidence links")
# The files of the evidence pack for a period (a ZIP an auditor takes away), per clause.
evidence_files: Registry[EvidenceFile] = Registry("evidence pack files")
portal_tabs: Registry[PortalTab] = Registry("portal tabs")
portal_panels: Registry[Tile] = Registry("portal overview panels")
settings_sections: Registry[SettingsSection] = Registry("settings sections")
record_links: Registry[RecordLink] = Registry("record links")
periodic_tasks: Registry[PeriodicTask] = Registry("periodic tasks")
# Every field that can hold a contact's personal data, with its eraser (GDPR art. 17).
personal_data: Registry[PersonalData] = Registry("personal data erasers")
# Called with ``organization``, ``membership`` and ``removed`` after a membership changes
# and before it is removed.
membership_changed: Registry[Listener] = Registry("membership listeners")
# Called with ``organization`` and ``supplier_ids`` when portal users are added, moved to
# another record or removed.
portal_users_changed: Registry[Listener] = Registry("portal user listeners")


@dataclass(frozen=True)
class RecordPage:
    """How the audit trail names an app's records and links to their pages.

    ``model`` is the model's label (``parties.party``). The record's page is ``url_name``
    with ``org_slug`` and ``url_kwargs(record)`` (``{"pk": record.pk}`` when not given); a
    record shown on another one's page (a party's need) links to that page. ``name(record)``
    names the record where its ``str`` does not say enough; ``select_related`` lists the
    relations ``name`` and ``url_kwargs`` read, so a page of events names every record of a
    kind in one query.
    """

    model: str
    url_name: str = ""
    url_kwargs: Callable[[Any], dict] | None = None
    name: Callable[[Any], str] | None = None
    select_related: tuple[str, ...] = ()
    order: int = 100

    @property
    def key(self) -> str:
        return self.model


# How the history pages and the audit log name and link each kind of audited record.
record_pages: Registry[RecordPage] = Registry("record pages")


@dataclass(frozen=True)
class ImportKindPath:
    """Where an app's import kind (``relmgmt.core.imports.ImportKind``) is, as a dotted
    path: the worker finds a confirmed import's kind by its ``key``."""

    key: str
    path: str
    order: int = 100


# The import kinds whose confirmed imports the worker writes (``relmgmt.core.import_jobs``).
import_kinds: Registry[ImportKindPath] = Registry("import kinds")


@dataclass(frozen=True)
class ResponseFacts:
    """Answers a supplier owes the buyer by a due date, for the scorecard's responsiveness to
    corrective action requests: ``select(connection, organization_id)`` gives ``(sql,
    params)`` of a query naming ``supplier_id``, ``due_date`` (a date) and ``responded_at``
    (the first answer's moment, or null) for the organisation. The steps of a supplier's 8D
    are counted this way. ``replaced_requests(connection, organization_id)``, when given,
    gives ``(sql, params)`` of a query naming the ``id`` of supplier requests whose answers
    it counts instead (requests moved into its records), so they are not counted twice."""

    key: str
    select: Callable[[Any, int], tuple[str, list]]
    replaced_requests: Callable[[Any, int], tuple[str, list]] | None = None
    order: int = 100


# What the scorecard's responsiveness counts besides the supplier requests of the
# corrective-action kind.
supplier_response_facts: Registry[ResponseFacts] = Registry("supplier response facts")
