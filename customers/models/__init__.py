from customers.models.revenue import Loss, Revenue

__all__ = ["Loss", "Revenue"]
