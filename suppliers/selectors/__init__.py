"""Reads that views, the API and other areas share, one module per area."""
