"""What the customers app adds to the platform (``relmgmt.core.extensions``), registered
from ``CustomersConfig.ready()``."""

from relmgmt.core import extensions as ext


def register() -> None:
    ext.import_kinds.register(
        ext.ImportKindPath("customer_revenue", "customers.services.revenue.IMPORT")
    )
    ext.record_pages.register(ext.RecordPage("customers.revenue", "customers:revenue_list"))
    ext.record_pages.register(ext.RecordPage("customers.loss", "customers:revenue_list"))
