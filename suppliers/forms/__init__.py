"""Forms of the pages, one module per area. They parse and show errors; the services
decide."""
