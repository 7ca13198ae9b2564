"""What the quality management system app (quality objectives, the management review and
the evidence by clause, ISO 9001 6.2, 9.3) adds to the platform
(``relmgmt.core.extensions``), registered from ``QmsConfig.ready()``."""


def register() -> None:
    pass
