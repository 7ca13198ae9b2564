"""Supplier scorecards: ``pages`` and ``chart`` (the trend chart they draw)."""
