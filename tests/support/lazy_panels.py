"""Pages that read some panels only as they scroll into view (htmx), read as a reader who
scrolls down them sees them: each panel's fragment in its place."""

import html
import re

PLACEHOLDER = re.compile(
    r'<div class="lazy-panel" id="panel-[\w-]+" hx-get="([^"]+)"[^>]*>.*?</div>', re.S
)


def with_panels(client, url: str) -> str:
    page = client.get(url)
    assert page.status_code == 200, (url, page.status_code)

    def panel(match: re.Match) -> str:
        response = client.get(html.unescape(match.group(1)), headers={"HX-Request": "true"})
        assert response.status_code == 200, (match.group(1), response.status_code)
        return response.content.decode()

    return PLACEHOLDER.sub(panel, page.content.decode())
