"""What the corrective actions app (nonconformities, corrective actions and supplier 8D,
ISO 9001 8.7 and 10.2) adds to the platform (``relmgmt.core.extensions``), registered from
``CorrectiveActionsConfig.ready()``."""


def register() -> None:
    pass
