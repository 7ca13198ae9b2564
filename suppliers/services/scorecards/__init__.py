"""Supplier scorecards: ``recompute`` (the set-based recalculation, from the pieces in
``sql`` and the metrics in ``metrics``), ``definitions`` (definitions and manual ratings),
``periods``, ``consequences`` (what a new standing sets off), ``proposals`` (suspension
proposals decided by a manager), ``jobs`` (recalculations asked for from the page) and
``snapshots`` (what a re-evaluation or review copies of a supplier's standing)."""
