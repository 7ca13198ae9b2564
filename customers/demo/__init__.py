"""The customers app's demo records. ``relmgmt.demo.seed`` imports this package; importing
it registers the seeder, after the register of parties it asks."""

import parties.demo  # noqa: F401  (first: the register of parties)

# isort: split
from customers.demo import revenue  # noqa: F401
