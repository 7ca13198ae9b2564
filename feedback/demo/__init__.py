# The demo registry finds this package (autodiscover_modules("demo")); importing the
# complaints' module registers its seeder.
from feedback.demo import complaints  # noqa: F401
