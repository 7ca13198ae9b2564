"""Supplier scorecards: ``recompute`` (the set-based recalculation, from the pieces in
``sql``, the fact sources in ``metrics`` and the metrics and periods declared in
``suppliers.models.metrics`` and ``suppliers.models.periods``), ``definitions``
(definitions and manual ratings), ``consequences`` (what a new standing sets off, through
approval), ``proposals`` (suspension
proposals decided by a manager), ``jobs`` (recalculations asked for from the page) and
``snapshots`` (what a re-evaluation or review copies of a supplier's standing)."""
