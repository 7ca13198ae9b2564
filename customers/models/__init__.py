from customers.models.lapses import Lapse
from customers.models.revenue import Loss, Revenue

__all__ = ["Lapse", "Loss", "Revenue"]
