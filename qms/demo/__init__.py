"""The quality management system's demo records: objectives met and not met, one
management review held with its frozen pack and approved minutes, one in preparation.
``relmgmt.demo.seed`` imports this package; the apps whose data the objectives and the
review read are seeded first."""

import feedback.demo  # noqa: F401
import suppliers.demo  # noqa: F401

# isort: split
from qms.demo import objectives, reviews  # noqa: F401
