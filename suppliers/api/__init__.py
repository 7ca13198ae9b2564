"""The suppliers app's API, one module per area (the organisation API's routes are in
``relmgmt.api.urls``); ``fields`` holds serializer fields several areas share, and
``portal`` is the supplier portal's own API."""
