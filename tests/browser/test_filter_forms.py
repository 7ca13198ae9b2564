"""The filter forms of the lists answer the Enter key with one set of results: the events a
search box fires together (input, change, submit, search) must not swap the results twice
(a second swap folds again what the reader has just unfolded), and the results replace
themselves rather than nest inside themselves."""

import re

import pytest

from relmgmt.demo.seed import seed_demo

from .test_journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Swaps of the results only (the notification bell swaps itself on its own clock).
COUNT_SWAPS = """(results) => {
  window.swapsSeen = 0;
  document.body.addEventListener("htmx:afterSwap", (event) => {
    if (event.detail.target.matches(results)) { window.swapsSeen += 1; }
  });
}"""


@pytest.mark.parametrize(
    ("path", "label", "results"),
    [
        ("/o/acme/audit/", "Record name", "#audit-results"),
        ("/o/acme/parties/", "Search", "#party-results"),
    ],
)
def test_the_enter_key_swaps_the_results_once(page, path, label, results):
    seed_demo(records=False)
    sign_in(page, "auditor@acme.example")
    page.wait_for_url(re.compile("/o/acme/$"))
    page.goto(path)
    page.evaluate(COUNT_SWAPS, results)

    search = page.get_by_label(label, exact=True)
    search.fill("acme")
    search.press("Enter")
    # Longer than the search box's delay: a request it would still send has been sent and
    # answered by now.
    page.wait_for_timeout(1500)
    assert page.evaluate("window.swapsSeen") == 1
    assert page.locator(results).count() == 1  # swapped in place, not nested in itself
    assert "acme" in page.url
