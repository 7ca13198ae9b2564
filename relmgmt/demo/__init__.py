"""The demo organisations, their logins and records (``seed_demo``), and ``run_embedded``,
which ``make run`` starts. It stands above the rest of the platform: it makes organisations
and members, and the domain apps register their demo records and logins here."""
