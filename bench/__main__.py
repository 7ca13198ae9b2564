"""``make bench``: runs every benchmark module in this folder and prints its figures.

Each benchmark gets a fresh database: SQLite in a temporary folder, or the PostgreSQL of
``DATABASE_URL`` (a ``_bench`` database beside it, created and dropped here).
"""

import importlib
import os
import pkgutil
import sys
import tempfile
from pathlib import Path


def main() -> int:
    var_dir = tempfile.mkdtemp(prefix="relmgmt-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "relmgmt.settings.base")
    os.environ["RELMGMT_VAR_DIR"] = var_dir
    Path(var_dir, "static").mkdir()
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

    import django

    django.setup()
    from django.conf import settings
    from django.test.utils import get_runner

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        # A file with the embedded default's WAL journal, as the product runs: the test
        # runner's default, a shared in-memory database, locks whole tables, so a page read
        # while a job writes would fail there and nowhere else.
        settings.DATABASES["default"]["TEST"]["NAME"] = str(Path(var_dir, "bench.sqlite3"))
    settings.STORAGES["staticfiles"] = {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
    }
    runner = get_runner(settings)(verbosity=0, interactive=False)
    old_config = runner.setup_databases()  # a fresh test database, migrated
    try:
        selected = sys.argv[1:]
        for module in sorted(m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)])):
            if not module.startswith("bench_") or (selected and module not in selected):
                continue
            bench = importlib.import_module(f"bench.{module}")
            print(f"\n## {module[6:]}: {bench.__doc__.strip().splitlines()[0]}")
            bench.run()
    finally:
        runner.teardown_databases(old_config)
    return 0


if __name__ == "__main__":
    sys.exit(main())
