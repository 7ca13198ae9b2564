"""The feedback app's demo records, one module per area. ``relmgmt.demo.seed`` imports this
package; importing it registers the areas' seeders, after the register of parties they ask."""

import parties.demo  # noqa: F401  (first: the register of parties)

# isort: split
from feedback.demo import complaints, surveys  # noqa: F401
