"""Writes of the supplier register, one module per area: ``register`` (suppliers and their
parties) and ``approval`` (status transitions, signed where they carry weight)."""
