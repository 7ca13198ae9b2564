"""The supplier page reads its further panels as they scroll into view (htmx)."""

from contextlib import suppress

from playwright.sync_api import Error, expect


def reveal(page, *slugs: str) -> None:
    """Scrolls the named panels (all of them when none is named) into view and waits until
    each is read."""
    names = slugs or [
        name.removeprefix("panel-")
        for name in page.locator(".lazy-panel").evaluate_all("found => found.map(e => e.id)")
    ]
    for name in names:
        placeholder = page.locator(f"#panel-{name}")
        # A panel already in view may be read between the count and the scroll.
        with suppress(Error):
            if placeholder.count():
                placeholder.scroll_into_view_if_needed()
        expect(placeholder).to_have_count(0)
