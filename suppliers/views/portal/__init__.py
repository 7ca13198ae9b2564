"""The supplier portal's pages, what a supplier's portal users see under
/portal/<org_slug>/: ``overview``, ``profile`` (and the changes proposed to it),
``certificates``, ``requests``, ``questionnaires``, ``scorecard`` and ``notifications``;
``base`` holds what they share.

``buyer`` is the other side: the organisation's pages that decide on what suppliers send
through the portal (proposed changes, uploaded certificates)."""
