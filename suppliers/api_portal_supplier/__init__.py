"""The supplier portal in the API, under /api/v1/portal/<org_slug>/: what a supplier's
portal users do in the portal pages, for the supplier's own systems. Every read and write
is the member's own supplier's; another supplier's record is not found (404), as in the
pages. (The buyer's side of the portal, in the organisation API, is ``suppliers.api_portal``.)

One module per resource: ``profile`` (the profile and proposed changes), ``scorecard``,
``questionnaires``, ``certificates``, ``requests``, ``notifications``; ``base`` holds what
they share and ``urls`` the routes.
"""
