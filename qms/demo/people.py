from relmgmt.policy import Role
from relmgmt.tenancy.models import Membership


def demo_manager(organization):
    membership = (
        Membership.objects.filter(organization=organization, role=Role.MANAGER)
        .select_related("user")
        .order_by("id")
        .first()
    )
    return membership.user if membership else None
