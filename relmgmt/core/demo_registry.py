"""Domain apps register their demo seeders here from their ``demo.py``:

    from relmgmt.core.demo_registry import register

    @register
    def seed(organization): ...

A seeder runs inside the organisation's scope and must be idempotent.
"""

seeders = []


def register(seeder):
    if seeder not in seeders:
        seeders.append(seeder)
    return seeder
