# The demo registry finds this package (autodiscover_modules("demo")); importing the
# register's module registers the parties' seeder.
from parties.demo import register  # noqa: F401
