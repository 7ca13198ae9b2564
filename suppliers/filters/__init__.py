"""Filters shared by the list pages and the API, one module per area."""
