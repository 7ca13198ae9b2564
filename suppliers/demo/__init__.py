"""The suppliers app's demo records, one module per area. ``relmgmt.demo.seed`` imports this
package; importing it registers the areas' seeders, each after the records it builds on.

Importing any module of the package (a test's ``certificates.certificate_pdf``) registers
them all, so the parties' seeder is registered first here, as the app order has it: the
suppliers take over the register's supplier parties, and the parties' seeder adds nothing
once there are parties."""

import parties.demo  # noqa: F401  (first: the register of parties)

# isort: split
from suppliers.demo import register  # noqa: F401  (then the suppliers)

# isort: split
from suppliers.demo import (  # noqa: F401
    certificates,
    deliveries,
    portal,
    questionnaires,
    spend,
)

# isort: split
from suppliers.demo import scorecards  # noqa: F401  (after the deliveries it scores)

# isort: split
# After the scorecards: a re-evaluation's evidence includes the scorecard of its day.
from suppliers.demo import reevaluations  # noqa: F401  (with the review and the agreements)
