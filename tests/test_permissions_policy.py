"""Browser features no page uses are switched off on every response."""


def test_every_response_switches_off_unused_browser_features(client, db):
    for path in ("/accounts/login/", "/healthz", "/api/schema/", "/no-such-page/"):
        policy = client.get(path).headers.get("Permissions-Policy", "")
        assert "camera=()" in policy and "geolocation=()" in policy, path
        assert "microphone=()" in policy and "payment=()" in policy, path
