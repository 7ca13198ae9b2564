"""What the feedback app (satisfaction surveys and complaints, ISO 9001 9.1.2 and 8.2.1)
adds to the platform (``relmgmt.core.extensions``), registered from
``FeedbackConfig.ready()``."""


def register() -> None:
    """Each area of the app adds its URLs, API routes, menu entries and tiles here."""
