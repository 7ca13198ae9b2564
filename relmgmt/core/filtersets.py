"""The base of every list filter: django-filter's FilterSet, with its form class built once.

django-filter builds a new form class for every request, making a form field for each
filter. Nothing in that class depends on the request except the querysets of model
choices (the organisation's members, its parties), so the class is built once per
FilterSet with those querysets emptied, and each form gets its own request's querysets.

Each request's filters and form fields are copies of the class's, as django-filter and
Django make them, but without deep-copying the fixed lists of choices: those are read, never
changed in place, and copying their labels (lazy translations, rebuilt one by one) was 8%
of the supplier list page's time under the profiler.
"""

import copy

import django_filters
from django import forms
from django.apps import apps
from django.db.models.expressions import Combinable
from django_filters.fields import ChoiceIterator
from django_filters.filters import QuerySetRequestMixin

from relmgmt.core.dates import organization_today


def filterset_organization(filterset):
    """The organisation of the filterset's request; None without one (the API schema is
    drawn without a request)."""
    return getattr(filterset.request, "organization", None)


def filterset_today(filterset):
    """The organisation's today (see ``organization_today``); None without an organisation."""
    organization = filterset_organization(filterset)
    return organization_today(organization) if organization is not None else None


def organization_choices(choices_of, model):
    """The ``queryset`` of a model choice filter: ``choices_of(organization=...)`` for the
    request's organisation, no rows without one (schema generation). ``model`` is the model
    or its label ("app_label.Model"), read only when there is no organisation."""

    def queryset(request):
        organization = getattr(request, "organization", None)
        if organization is None:
            target = apps.get_model(model) if isinstance(model, str) else model
            return target.objects.none()
        return choices_of(organization=organization)

    queryset.organization_only = True  # reads the request's organisation, nothing else
    return queryset


class NamedModelChoiceField(forms.ModelChoiceField):
    """A model choice labelled by what its ``__str__`` shows, as a column or an expression
    (``label_field``): a list's filter control reads (pk, label) pairs instead of building a
    model per option, which for a register of thousands was most of the page's time."""

    def __init__(self, *args, label_field: str | Combinable = "name", **kwargs):
        self.label_field = label_field
        super().__init__(*args, **kwargs)


class NamedChoiceFilter(django_filters.ModelChoiceFilter):
    """A filter on a record chosen by its name; see ``NamedModelChoiceField``."""

    field_class = NamedModelChoiceField


class FilterSet(django_filters.FilterSet):
    def __init__(self, *args, **kwargs):
        cls = type(self)
        if not isinstance(cls.__dict__.get("base_filters"), _FiltersCopiedLightly):
            cls.base_filters = _FiltersCopiedLightly(cls.base_filters)
        super().__init__(*args, **kwargs)

    def get_form_class(self):
        cls = type(self)
        if "_shared_form_class" not in cls.__dict__:
            form_class = super().get_form_class()
            for name in self._request_choice_filters():
                field = form_class.base_fields[name]
                field.queryset = field.queryset.none()
            form_class.base_fields = _FieldsCopiedLightly(form_class.base_fields)
            cls._shared_form_class = form_class
        return cls._shared_form_class

    @property
    def form(self):
        if not hasattr(self, "_form"):
            form = super().form
            organization = getattr(self.request, "organization", None)
            for name in self._request_choice_filters():
                field = form.fields[name]
                field.queryset = self.filters[name].get_queryset(self.request)
                if organization is not None and _organization_only(self.filters[name]):
                    # What the list's menu of this filter is remembered as (listing._menu).
                    named = f"{type(self).__module__}.{type(self).__qualname__}.{name}"
                    field.menu_of = (organization, named)
        return self._form

    def _request_choice_filters(self) -> list[str]:
        return [
            name
            for name, filter_ in self.filters.items()
            if isinstance(filter_, QuerySetRequestMixin)
        ]


def _organization_only(filter_) -> bool:
    return getattr(filter_.queryset, "organization_only", False)


class _FiltersCopiedLightly(dict):
    """A FilterSet class's filters, copied for each filterset as django-filter copies them
    (``FilterSet.__init__`` deep-copies ``base_filters``), but by ``_filter_copy``."""

    def __deepcopy__(self, memo):
        return {name: _filter_copy(filter_) for name, filter_ in self.items()}


def _filter_copy(filter_):
    """A filter of the class for one filterset: its own attributes and field arguments
    (django-filter sets the queryset of a model choice among them), sharing their values
    (its choices). A filter by method holds the filter it was made for, so it is made again
    for the copy."""
    copied = copy.copy(filter_)
    copied.extra = dict(filter_.extra)
    if filter_.method is not None:
        copied.method = filter_.method
    return copied


class _FieldsCopiedLightly(dict):
    """A form class's fields, copied for each form as Django copies them (``Form.__init__``
    deep-copies ``base_fields``) except that a choice field shares its list of choices."""

    def __deepcopy__(self, memo):
        return {name: _field_copy(field, memo) for name, field in self.items()}


def _field_copy(field, memo):
    if type(field).__deepcopy__ is not forms.ChoiceField.__deepcopy__:
        return copy.deepcopy(field, memo)  # a model choice field reads its own queryset
    copied = forms.Field.__deepcopy__(field, memo)
    choices = field._choices
    if isinstance(choices, ChoiceIterator):  # django-filter's, which reads its field
        choices = copy.copy(choices)
        choices.field = copied
    copied._choices = choices
    return copied


class StableOrderingFilter(django_filters.OrderingFilter):
    """Column sorts that page in a stable order: rows alike in the sorted columns follow
    ``tiebreaker`` (fields that together are unique), so no row shows on two pages or on
    none. A tiebreaker field runs the way the last sorted column does, so an index on that
    column and the tiebreaker serves the sort either way; one written with its own sign
    (``"-id"``: newest first) always runs that way. Without a sort, the queryset's own
    order stands."""

    def __init__(self, *args, tiebreaker=("pk",), **kwargs):
        super().__init__(*args, **kwargs)
        self.tiebreaker = tuple(tiebreaker)

    def filter(self, qs, value):
        if value in django_filters.constants.EMPTY_VALUES:
            return qs
        ordering = [self.get_ordering_value(param) for param in value if param]
        if not ordering:
            return qs
        sorted_on = {field.lstrip("-") for field in ordering}
        way = "-" if ordering[-1].startswith("-") else ""
        ties = [
            field if field.startswith("-") else f"{way}{field}"
            for field in self.tiebreaker
            if field.lstrip("-") not in sorted_on
        ]
        return qs.order_by(*ordering, *ties)


class IdFilter(django_filters.Filter):
    """A record's id in a query string: a whole number a database key can hold (any such
    number: one that names no record finds nothing), so a bad value is a clear 400 (a
    decimal like 2.7e207 overflowed the database driver)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", -(2**63))
        kwargs.setdefault("max_value", 2**63 - 1)
        super().__init__(*args, **kwargs)
