"""``{% org_url "parties:party_list" %}``: a page of the current organisation, and
``{% site_url "home" %}``: a page outside any organisation.

The layout and the list pages name a dozen or more pages on every request, and each
``{% url %}`` reverses again. A reversed URL depends only on the URL configuration, the
script prefix and the arguments, so these tags remember it under exactly those.
"""

from functools import lru_cache

from django import template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

register = template.Library()


@register.simple_tag(takes_context=True)
def org_url(context, viewname: str, **kwargs) -> str:
    """Another organisation's page when given its ``org_slug`` (the organisation switcher)."""
    if "org_slug" not in kwargs:
        kwargs["org_slug"] = context["organization"].slug
    return _reversed(viewname, **kwargs)


@register.simple_tag
def site_url(viewname: str, **kwargs) -> str:
    return _reversed(viewname, **kwargs)


def _reversed(viewname: str, **kwargs) -> str:
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    return _reverse(urlconf, get_script_prefix(), viewname, tuple(sorted(kwargs.items())))


@lru_cache(maxsize=4096)
def _reverse(urlconf: str, script_prefix: str, viewname: str, kwargs: tuple) -> str:
    # script_prefix is part of the key only: reverse() reads the active one itself.
    return reverse(viewname, urlconf=urlconf, kwargs=dict(kwargs))
