"""The address of the client behind the proxies the operator trusts.

``RELMGMT_TRUSTED_PROXY_COUNT`` says how many proxies of our own stand in front of the
application (0: none, the connection's address is the client's). Each appends the address it
saw to ``X-Forwarded-For``, so the client is the entry that many places from the right;
anything further left was written by the client and is not believed. A proxy that sends the
client's address in a header of its own names it in ``RELMGMT_CLIENT_IP_HEADER`` (e.g.
``X-Real-IP``) instead. Login failures and other per-client limits count by this address.
"""

import ipaddress

from django.conf import settings


def _valid(address: str) -> str | None:
    address = address.strip()
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def client_ip(request) -> str:
    """The real client's address ("unknown" when a trusted header is missing or garbled)."""
    connection = request.META.get("REMOTE_ADDR", "") or "unknown"
    header = settings.RELMGMT_CLIENT_IP_HEADER
    if header:
        return _valid(request.headers.get(header, "")) or "unknown"
    count = settings.RELMGMT_TRUSTED_PROXY_COUNT
    if count <= 0:
        return connection
    hops = [hop for hop in request.headers.get("X-Forwarded-For", "").split(",") if hop.strip()]
    if len(hops) < count:
        # Fewer hops than our own proxies: the request did not come through all of them.
        return connection
    return _valid(hops[-count]) or "unknown"
