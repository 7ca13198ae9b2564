"""What the supplier portal's pages share: the permission, and the page context and lookups
that name the member's own supplier (so another supplier's id is not found: 404)."""

PORTAL = "portal.use"


def _context(request, section: str, **extra) -> dict:
    return {"supplier": request.membership.supplier, "portal_section": section, **extra}


def _ids(request) -> dict:
    return {"organization": request.organization, "supplier": request.membership.supplier}
