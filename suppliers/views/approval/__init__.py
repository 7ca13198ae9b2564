"""Supplier approval: ``pages`` (a transition, the approved supplier list) and ``pdf`` (the
list as a printable PDF)."""
