"""Writes of the suppliers app that have business meaning, one module per area (an area that
grows is a package of its own, as ``questionnaires`` and ``scorecards`` are)."""
