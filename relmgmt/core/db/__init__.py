"""Database support of the platform: the PostgreSQL backend that keys every tenant table by
organisation (``relmgmt.core.db.postgresql``) and the catalog code it shares with the
migrations and the checks (``relmgmt.core.db.tenant_keys``)."""
