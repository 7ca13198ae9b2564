from django.conf import settings


def demo_server(request):
    """Pages of a demo server say so (RELMGMT_DEMO_SERVER): its logins are public."""
    return {"demo_server": settings.RELMGMT_DEMO_SERVER}
