"""Shared pieces of the HTTP API: pagination, error shape, query-parameter validation.

DRF's settings import this module (pagination, exception handler): it must not import views.
"""

import copy

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.db.models.query import ModelIterable
from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.views import exception_handler as drf_exception_handler


class Pagination(PageNumberPagination):
    """Page numbers, 50 a page (up to 500 by `page_size`).

    A page of model rows is read in two steps (a "deferred join"): the page's keys first, in
    the list's order, from the list's own table alone; then those rows with everything the
    serializer joins (select_related, prefetch_related). Joined first, PostgreSQL builds every
    row the filter keeps, all their joins included, before the sort picks the page: a unit's
    history of 9,000 dossiers at a million (bench/inbox_latency.py) took twice as long so.
    A grouped or combined queryset (aggregates, UNION) is paged as it is."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500

    def paginate_queryset(self, queryset, request, view=None):
        if not isinstance(queryset, QuerySet) or queryset.query.group_by is not None \
                or queryset.query.combinator or not queryset.ordered \
                or not issubclass(queryset._iterable_class, ModelIterable):
            return super().paginate_queryset(queryset, request, view)
        keys = super().paginate_queryset(
            queryset.prefetch_related(None).values_list("pk", flat=True), request, view)
        if keys is None:
            return None
        rows = {row.pk: row for row in queryset.order_by().filter(pk__in=keys)}
        # A row deleted between the two reads is left out of the page.
        return [rows[key] for key in keys if key in rows]


def exception_handler(exc, context):
    """Every API error is JSON: {"error": <code>, "detail": <message>, "fields": {...}}."""
    if isinstance(exc, DjangoValidationError):
        exc = ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    if isinstance(exc, ValidationError):
        body = {"error": "invalid", "detail": _("The request is not valid."), "fields": data}
    else:
        detail = data.get("detail", data) if isinstance(data, dict) else data
        code = getattr(detail, "code", None) or getattr(exc, "default_code", "error")
        body = {"error": code, "detail": str(detail)}
    response.data = body
    return response


def validated_query(serializer_class, request):
    """Validate query parameters with a serializer; a bad value is a 400 naming the parameter."""
    serializer = serializer_class(data=request.query_params)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class ErrorSerializer(serializers.Serializer):
    error = serializers.CharField()
    detail = serializers.CharField()
    fields = serializers.DictField(required=False)


def _fresh_fields(fields):
    """Copies of built fields for one serializer instance. Binding sets attributes on the
    field itself, so each instance needs its own objects, but plain fields share nothing
    they change: a shallow copy does (a deep copy re-creates every argument, and was the
    larger part of serializing a dossier). Fields holding other fields (nested serializers,
    lists, dicts, many-related) are copied deeply, so their children bind to the copy."""
    return {name: copy.deepcopy(field) if isinstance(field, serializers.BaseSerializer)
            or hasattr(field, "child") or hasattr(field, "child_relation")
            else copy.copy(field) for name, field in fields.items()}


# A serializer whose declared fields are copied cheaply for each instance (hot paths).
class Serializer(serializers.Serializer):

    def get_fields(self):
        return _fresh_fields(self._declared_fields)


# ModelSerializer without the database's integer range in the API.
#
# Django adds min/max validators to integer fields from the connected backend's range
# (32767 on PostgreSQL for a small integer, 2^63 on SQLite), which would make the schema,
# and `openapi.yaml`, depend on the database. Our limits are business rules, stated where
# they matter; the storage range is not part of the contract.
#
# The fields are built from the model once per class and copied for each instance: building
# them is most of the cost of serializing one object (bench/intake_throughput.py).
# (Comments, not a docstring: drf-spectacular would show a docstring in every schema.)
class ModelSerializer(serializers.ModelSerializer):
    def get_fields(self):
        cls = type(self)
        built = cls.__dict__.get("_built_fields")
        if built is None:
            built = super().get_fields()
            cls._built_fields = built
        return _fresh_fields(built)

    def build_standard_field(self, field_name, model_field):
        field_class, kwargs = super().build_standard_field(field_name, model_field)
        kwargs.pop("max_value", None)
        if "validators" in kwargs:
            kwargs["validators"] = [
                v for v in kwargs["validators"]
                if type(v).__name__ not in ("MaxValueValidator", "MinValueValidator")
            ]
        return field_class, kwargs
