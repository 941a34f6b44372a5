"""Open data in MotCua's own API: the datasets (the same search and facets as the portal),
one dataset with its versions and distributions, and the rows of a table, filtered by column
values and paginated. The public reads open data; staff with a token the shared warehouse
too (each read recorded)."""

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.api import ErrorSerializer, Serializer
from opendata import actions, ckan, output, search
from opendata.models import Access, Dataset


class DatasetSummary(Serializer):
    name = serializers.CharField()
    title = serializers.CharField()
    publisher = serializers.CharField()
    theme = serializers.CharField()
    access = serializers.CharField()
    version = serializers.IntegerField(allow_null=True)
    rows = serializers.IntegerField()
    modified = serializers.DateTimeField()


class DatasetPage(Serializer):
    count = serializers.IntegerField()
    results = DatasetSummary(many=True)
    facets = serializers.DictField()


def _summary(dataset, version):
    return {"name": dataset.name, "title": dataset.title, "publisher": dataset.publisher.code,
            "theme": dataset.theme, "access": dataset.access,
            "version": version.number if version else None,
            "rows": version.rows_count if version else 0, "modified": dataset.modified_at}


class Datasets(APIView):
    """Published datasets matching `q` (words, without diacritics too) and the facet filters
    (organization, groups, res_format, license_id, tags), with the facet counts."""

    permission_classes = [AllowAny]

    @extend_schema(parameters=[OpenApiParameter(f, str) for f in ("q", *search.FACETS)],
                   responses={200: DatasetPage}, operation_id="opendata_datasets_list")
    def get(self, request):
        filters = {f: request.query_params.get(f, "")[:120] for f in search.FACETS
                   if request.query_params.get(f)}
        found, counts = search.run(request.user, request.query_params.get("q", "")[:200],
                                   filters)
        return Response({"count": len(found),
                         "results": [_summary(d, v) for d, v, _f in found[:500]],
                         "facets": counts})


def _dataset(request, name):
    dataset = actions.visible(request.user).filter(name=name,
                                                   status=Dataset.Status.PUBLISHED).first()
    if dataset is None:
        return None
    return dataset


def _invalid(field, message):
    """The API's error shape (motcua.api.exception_handler): the parameter named."""
    return Response({"error": "invalid", "detail": _("The request is not valid."),
                     "fields": {field: [message]}}, status=400)


def _missing():
    return Response({"error": "not_found", "detail": "no such dataset"}, status=404)


class DatasetDetail(APIView):
    """A published dataset in the CKAN package shape (metadata, distributions) with its
    versions."""

    permission_classes = [AllowAny]

    @extend_schema(responses={200: OpenApiTypes.OBJECT, 404: ErrorSerializer})
    def get(self, request, name):
        dataset = _dataset(request, name)
        if dataset is None:
            return _missing()
        actions.record_access(request.user, dataset, Access.What.API)
        out = ckan._package(dataset, dataset.current())
        out["versions"] = [{"number": v.number, "created": v.created_at, "rows": v.rows_count,
                            "format": v.format, "note": v.note, "rows_kept": v.rows_kept,
                            "checksum": v.checksum}
                           for v in dataset.versions.order_by("-number")]
        out["table_schema"] = dataset.table_schema
        return Response(out)


class RowsPage(Serializer):
    fields = serializers.ListField(child=serializers.DictField())
    records = serializers.ListField(child=serializers.DictField())
    total = serializers.IntegerField()
    limit = serializers.IntegerField()
    offset = serializers.IntegerField()
    version = serializers.IntegerField()


class DatasetRows(APIView):
    """The rows of a published table: every other query parameter is a column and the value
    it must equal (read by the column's type); `limit` (≤ 1000), `offset`, `sort` ("column"
    or "column desc"), `version` (the current one by default)."""

    permission_classes = [AllowAny]

    @extend_schema(parameters=[OpenApiParameter(p, str) for p in
                               ("limit", "offset", "sort", "version")],
                   responses={200: RowsPage, 400: ErrorSerializer, 404: ErrorSerializer,
                              410: ErrorSerializer})
    def get(self, request, name):
        dataset = _dataset(request, name)
        if dataset is None:
            return _missing()
        params = request.query_params
        wanted = params.get("version", "")
        if wanted and not wanted.isdigit():
            return _invalid("version", _("Give a version number."))
        version = dataset.versions.filter(number=int(wanted)).first() if wanted \
            else dataset.current()
        if version is None:
            return _missing()
        if not version.rows_kept:
            return Response({"error": "gone", "detail": "the rows of this old version are no "
                             "longer kept"}, status=410)
        filters = {k: v for k, v in params.items()
                   if k not in ("limit", "offset", "sort", "version", "format")}
        try:
            page = output.page_of(version, filters, params.get("limit"), params.get("offset"),
                                  params.get("sort"))
        except output.QueryError as exc:
            return _invalid(exc.field, exc.message)
        actions.record_access(request.user, dataset, Access.What.API)
        return Response({**page, "version": version.number})
