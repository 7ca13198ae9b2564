"""The corrective actions app's demo records. ``relmgmt.demo.seed`` imports this package;
importing it registers the seeder after the suppliers' deliveries and the complaints it
builds on."""

import feedback.demo  # noqa: F401  (first: the complaints)
import suppliers.demo  # noqa: F401  (and the deliveries)

# isort: split
from corrective_actions.demo import (
    records,  # noqa: F401
    scars,  # noqa: F401,E402
)
