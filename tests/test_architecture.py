"""The platform imports no domain app, not even for type checking (import-linter, run in
CI, skips type-only imports; this reads every platform module's imports itself)."""

import ast
from pathlib import Path

from django.conf import settings

PLATFORM = Path(settings.BASE_DIR) / "relmgmt"
DOMAIN_APPS = {"parties", "suppliers", "feedback", "corrective_actions"}


def imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_no_platform_module_imports_a_domain_app():
    offenders = {
        str(path.relative_to(PLATFORM.parent)): sorted(imported_packages(path) & DOMAIN_APPS)
        for path in PLATFORM.rglob("*.py")
        if "migrations" not in path.parts
    }
    assert {path: apps for path, apps in offenders.items() if apps} == {}
