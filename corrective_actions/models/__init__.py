"""The corrective actions app's models."""
