"""The Decision 766 index in the API: GET /api/v1/indicators/766?unit=&period=."""

from django.db.models import Q
from django.http import HttpResponse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from indicators import engine, exports, periods
from motcua.api import ErrorSerializer, validated_query
from motcua.db import report_view
from units.access import is_staff_member, visible_agency_ids
from units.models import Agency


class IndexQuery(serializers.Serializer):
    unit = serializers.CharField(help_text="an agency's identifier code, or the statistics code "
                                           "of the province or a commune")
    period = serializers.CharField(help_text="YYYY-MM, YYYY-Qn, YYYY or YYYY-MM-DD..YYYY-MM-DD")


class ResolutionTimeSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    n = serializers.IntegerField(help_text="dossiers resolved or returned")
    mean = serializers.FloatField(help_text="mean resolution time, in the procedure's unit")
    unit = serializers.CharField()
    limit = serializers.FloatField(allow_null=True, help_text="the procedure's time limit")


class IndicatorSerializer(serializers.Serializer):
    id = serializers.CharField()
    name = serializers.CharField()
    numerator = serializers.FloatField(allow_null=True)
    denominator = serializers.IntegerField()
    ratio = serializers.FloatField(allow_null=True)
    value = serializers.FloatField(
        allow_null=True, help_text="the ratio (0–1); null when the unit has nothing to count "
                                   "for this indicator (không phát sinh): see reason")
    reason = serializers.CharField(help_text="why value is null, else empty")
    points = serializers.FloatField(allow_null=True)
    max = serializers.FloatField()
    procedures = ResolutionTimeSerializer(many=True, required=False,
                                          help_text="2.2 only: per procedure")


class IndexSerializer(serializers.Serializer):
    unit = serializers.CharField()
    unit_name = serializers.CharField()
    period = serializers.CharField()
    total = serializers.FloatField()
    band = serializers.CharField()
    dossiers = serializers.IntegerField(help_text="dossiers received in the period")
    idle = serializers.BooleanField(help_text="no dossier received in the period")
    groups = serializers.DictField(child=serializers.FloatField())
    indicators = IndicatorSerializer(many=True)


def find_agency(user, unit):
    """The agency a `unit` parameter names, if the user may see it (404 otherwise)."""
    query = Q(code=unit)
    if unit.isdigit():
        query |= Q(unit__code=int(unit), kind__in=[Agency.Kind.PROVINCE_COMMITTEE,
                                                  Agency.Kind.COMMUNE_COMMITTEE])
    agency = Agency.objects.select_related("unit").filter(query).order_by("pk").first()
    ids = visible_agency_ids(user)
    if agency is None or ids is not None and agency.pk not in ids:
        raise NotFound(_("No such unit within your scope."))
    return agency


class Index766(APIView):
    """The Decision 766 index of a unit for a period: the total on 100, its band, the six
    groups and every indicator with numerator, denominator, ratio and points."""

    permission_classes = [IsAuthenticated]

    @extend_schema(parameters=[IndexQuery],
                   responses={200: IndexSerializer, 400: ErrorSerializer, 404: ErrorSerializer})
    @method_decorator(report_view)
    def get(self, request):
        if not is_staff_member(request.user):
            raise NotFound(_("No such unit within your scope."))
        params = validated_query(IndexQuery, request)
        period = _period(params)
        agency = find_agency(request.user, params["unit"].strip())
        return Response(engine.compute(engine.scope_for(agency), period))


class RankingQuery(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[("department", "department"), ("commune", "commune")])
    period = serializers.CharField()
    idle = serializers.ChoiceField(
        choices=[("last", "last"), ("ranked", "ranked")], default="last",
        help_text="last: units with no dossier in the period are listed after the active "
                  "ones, unranked (rank null); ranked: everyone ranked by points")


class RankingSerializer(IndexSerializer):
    rank = serializers.IntegerField(allow_null=True)


class DrilldownQuery(IndexQuery):
    indicator = serializers.ChoiceField(choices=[(i, i) for i in engine.CLASSES])


class DrilldownRowSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    reason = serializers.CharField()


def _period(params):
    try:
        return periods.parse(params["period"])
    except periods.PeriodError as exc:
        raise ValidationError({"period": [str(exc)]}) from None


def _supervisor(user):
    ids = visible_agency_ids(user)
    if not is_staff_member(user) or ids is not None and not Agency.objects.filter(
            pk__in=ids, kind=Agency.Kind.PROVINCE_COMMITTEE).exists():
        raise NotFound(_("Rankings are for the city's supervisors."))


class Rankings766(APIView):
    """The departments or the communes ranked by their Decision 766 index (supervisors of the
    province)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(parameters=[RankingQuery],
                   responses={200: RankingSerializer(many=True), 400: ErrorSerializer,
                              404: ErrorSerializer})
    @method_decorator(report_view)
    def get(self, request):
        _supervisor(request.user)
        params = validated_query(RankingQuery, request)
        return Response(engine.rankings(params["kind"], _period(params), idle=params["idle"]))


class Drilldown766(APIView):
    """What costs a unit points on one indicator: the dossiers (procedures, petitions) in the
    denominator but not the numerator, with the reason (at most 500)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(parameters=[DrilldownQuery],
                   responses={200: DrilldownRowSerializer(many=True), 400: ErrorSerializer,
                              404: ErrorSerializer})
    @method_decorator(report_view)
    def get(self, request):
        if not is_staff_member(request.user):
            raise NotFound(_("No such unit within your scope."))
        params = validated_query(DrilldownQuery, request)
        period = _period(params)
        agency = find_agency(request.user, params["unit"].strip())
        return Response(engine.drilldown(params["indicator"], engine.scope_for(agency), period))


class ExportQuery(RankingQuery):
    file = serializers.ChoiceField(choices=[("csv", "csv"), ("xlsx", "xlsx")], default="csv")


class Export766(APIView):
    """The rankings of a period as a CSV (UTF-8 with BOM) or Excel file: points of every group
    and indicator, and in Excel the numerators and denominators."""

    permission_classes = [IsAuthenticated]

    @extend_schema(parameters=[ExportQuery],
                   responses={(200, "text/csv"): OpenApiTypes.BINARY,
                              (200, "application/vnd.openxmlformats-officedocument."
                                    "spreadsheetml.sheet"): OpenApiTypes.BINARY,
                              400: ErrorSerializer, 404: ErrorSerializer})
    @method_decorator(report_view)
    def get(self, request):
        _supervisor(request.user)
        params = validated_query(ExportQuery, request)
        period = _period(params)
        rows = engine.rankings(params["kind"], period, idle=params["idle"])
        name = f"chi-so-766-{params['kind']}-{period.label}"
        if params["file"] == "xlsx":
            response = HttpResponse(exports.to_xlsx(rows, _("766 index, period %(period)s") % {"period": period.label}),
                                    content_type="application/vnd.openxmlformats-officedocument."
                                                 "spreadsheetml.sheet")
            response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
            return response
        response = HttpResponse(exports.to_csv(rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
