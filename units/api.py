from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers

from motcua.api import ModelSerializer, validated_query
from motcua.text import fold
from units.models import AdministrativeUnit, Agency, ServiceCenter


def _named_like(queryset, query):
    """Filter by name without caring for diacritics; these lists are small (≤ a few thousand)."""
    needle = fold(query)
    if not needle:
        return queryset
    return [obj for obj in queryset if needle in fold(obj.name)]


class UnitSerializer(ModelSerializer):
    # Declared so the schema does not depend on the database's integer range.
    code = serializers.IntegerField(read_only=True)
    province = serializers.IntegerField(source="parent.code", allow_null=True, default=None)

    class Meta:
        model = AdministrativeUnit
        fields = ["code", "name", "codename", "level", "division_type", "province"]


class UnitQuery(serializers.Serializer):
    province = serializers.IntegerField(required=False, min_value=1, max_value=999)
    level = serializers.ChoiceField(choices=AdministrativeUnit.Level.choices, required=False)
    q = serializers.CharField(required=False, max_length=100, allow_blank=True)


class UnitList(generics.ListAPIView):
    """Provinces and commune-level units with their official statistics codes."""

    serializer_class = UnitSerializer

    @extend_schema(parameters=[UnitQuery])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        params = validated_query(UnitQuery, self.request)
        qs = AdministrativeUnit.objects.select_related("parent").order_by("code")
        if "province" in params:
            code = params["province"]
            qs = qs.filter(parent__code=code) | qs.filter(code=code, parent__isnull=True)
        if params.get("level"):
            qs = qs.filter(level=params["level"])
        return _named_like(qs.order_by("code"), params.get("q"))


class ServiceCenterSerializer(ModelSerializer):
    unit = serializers.IntegerField(source="unit.code")
    agency = serializers.CharField(source="agency.code")

    class Meta:
        model = ServiceCenter
        fields = ["code", "name", "address", "phone", "unit", "agency"]


class AgencySerializer(ModelSerializer):
    unit = serializers.IntegerField(source="unit.code")
    unit_name = serializers.CharField(source="unit.name")
    parent = serializers.CharField(source="parent.code", allow_null=True, default=None)

    class Meta:
        model = Agency
        fields = ["code", "name", "short_name", "kind", "unit", "unit_name", "parent",
                  "address", "phone", "email"]


class PlaceQuery(serializers.Serializer):
    province = serializers.IntegerField(required=False, min_value=1, max_value=999)
    unit = serializers.IntegerField(required=False, min_value=1,
                                    help_text=_("statistics code of a commune or province"))
    q = serializers.CharField(required=False, max_length=100, allow_blank=True)


class AgencyQuery(PlaceQuery):
    kind = serializers.ChoiceField(choices=Agency.Kind.choices, required=False)


def _placed(queryset, params):
    """Filter organisations by province (its own and its communes'), unit and name."""
    if "province" in params:
        code = params["province"]
        queryset = queryset.filter(unit__code=code) | queryset.filter(unit__parent__code=code)
    if "unit" in params:
        queryset = queryset.filter(unit__code=params["unit"])
    return _named_like(queryset.order_by("code"), params.get("q"))


class AgencyList(generics.ListAPIView):
    """Agencies (People's Committees, departments, sector agencies) with identifier codes."""

    serializer_class = AgencySerializer

    @extend_schema(parameters=[AgencyQuery])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        params = validated_query(AgencyQuery, self.request)
        qs = Agency.objects.filter(is_active=True).select_related("unit", "parent")
        if params.get("kind"):
            qs = qs.filter(kind=params["kind"])
        return _placed(qs, params)


class ServiceCenterList(generics.ListAPIView):
    """Public Administrative Service Centers where dossiers are received."""

    serializer_class = ServiceCenterSerializer

    @extend_schema(parameters=[PlaceQuery])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        params = validated_query(PlaceQuery, self.request)
        qs = ServiceCenter.objects.filter(is_active=True).select_related("unit", "agency")
        return _placed(qs, params)
