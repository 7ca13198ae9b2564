"""The quality management system app's models."""
