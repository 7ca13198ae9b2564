"""The suppliers app's demo records, one module per area. ``relmgmt.core.demo`` imports this
package; importing it registers the areas' seeders, each after the records it builds on."""

from suppliers.demo import register  # noqa: F401  (first: the suppliers)

# isort: split
from suppliers.demo import (  # noqa: F401
    certificates,
    deliveries,
    portal,
    questionnaires,
    reevaluations,  # with the performance review and the agreements
    scorecards,  # after the deliveries it scores
)
