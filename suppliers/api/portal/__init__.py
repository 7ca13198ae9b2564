"""The supplier portal in the API, under /api/v1/portal/<org_slug>/: what a supplier's
portal users do in the portal pages, for the supplier's own systems. Every read and write
is the member's own supplier's; another supplier's record is not found (404), as in the
pages.

One module per resource: ``profile`` (the profile and proposed changes), ``scorecard``,
``questionnaires``, ``certificates``, ``requests``, ``notifications``; ``base`` holds what
they share and ``urls`` the routes.

``buyer`` is the other side, in the organisation API (/api/v1/o/<org_slug>/): the buyer's
decisions on the changes suppliers propose. (The buyer's requests to suppliers are
``suppliers.api.requests``, its decisions on uploaded certificates
``suppliers.api.certificates``.)
"""
