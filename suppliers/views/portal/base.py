"""What the supplier portal's pages share: the permission, and the page context and lookups
that name the member's own supplier (so another supplier's id is not found: 404)."""

PORTAL = "portal.use"


def section_context(request, section: str, **extra) -> dict:
    """A portal page's context: the member's supplier and the section the menu marks."""
    return {"supplier": request.membership.supplier, "portal_section": section, **extra}


def own(request) -> dict:
    """The arguments that confine a portal read to the member's own supplier."""
    return {"organization": request.organization, "supplier": request.membership.supplier}
