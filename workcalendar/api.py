from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.api import ErrorSerializer, ModelSerializer, validated_query
from motcua.permissions import AdministratorsWrite
from units.access import AGENCY_CODE_MAX
from units.models import Agency
from workcalendar import timecalc
from workcalendar.actions import check_exception, do_add_exception, do_remove_exception
from workcalendar.calendars import compute_due
from workcalendar.models import CalendarException


class DueQuery(serializers.Serializer):
    # "from" is a Python keyword, hence the declared field name below.
    amount = serializers.DecimalField(max_digits=7, decimal_places=2, min_value=0,
                                      max_value=3650)
    unit = serializers.ChoiceField(choices=timecalc.UNITS)
    agency = serializers.CharField(required=False, max_length=AGENCY_CODE_MAX)

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = serializers.DateTimeField(
            help_text="ISO 8601; without an offset it is local time (Asia/Ho_Chi_Minh)")
        return fields

    def validate_agency(self, code):
        agency = Agency.objects.filter(code=code).first()
        if agency is None:
            raise serializers.ValidationError(_("No agency has the code %(code)s.") % {"code": code})
        return agency


class ExplainSerializer(serializers.Serializer):
    date = serializers.DateField()
    kind = serializers.ChoiceField(
        choices=["after_hours", "weekend", "holiday", "exception", "working_day"])
    reason = serializers.CharField()
    legal_basis = serializers.CharField(required=False)


class DueSerializer(serializers.Serializer):
    due = serializers.DateTimeField()
    starts_at = serializers.DateTimeField()
    explain = ExplainSerializer(many=True)


class DueView(APIView):
    """The due moment of a time limit counted from a reception time, with each skipped day."""

    @extend_schema(parameters=[DueQuery], responses={200: DueSerializer, 400: ErrorSerializer})
    def get(self, request):
        params = validated_query(DueQuery, request)
        try:
            result = compute_due(params["from"], params["amount"], params["unit"],
                                 params.get("agency"))
        except timecalc.CalendarError as exc:
            raise serializers.ValidationError({"amount": [str(exc)]}) from None
        tz = timezone.get_default_timezone()
        return Response({
            "due": timezone.localtime(result.due, tz).isoformat(),
            "starts_at": timezone.localtime(result.starts_at, tz).isoformat(),
            "explain": result.explain,
        })


class ExceptionSerializer(ModelSerializer):
    class Meta:
        model = CalendarException
        fields = ["date", "kind", "reason", "legal_basis"]
        extra_kwargs = {"date": {"validators": []}}


class ExceptionQuery(serializers.Serializer):
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)


class ExceptionList(generics.ListCreateAPIView):
    """Days that depart from the statutory calendar. Administrators add and remove them."""

    serializer_class = ExceptionSerializer
    permission_classes = [AdministratorsWrite]

    @extend_schema(parameters=[ExceptionQuery])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        params = validated_query(ExceptionQuery, self.request)
        qs = CalendarException.objects.order_by("date")
        return qs.filter(date__year=params["year"]) if "year" in params else qs

    @extend_schema(responses={201: ExceptionSerializer, 400: ErrorSerializer,
                              403: ErrorSerializer})
    def post(self, request, *args, **kwargs):
        incoming = ExceptionSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        cleaned = check_exception(data["date"], data["kind"], data["reason"], data["legal_basis"])
        exception = do_add_exception(cleaned, request.user)
        return Response(ExceptionSerializer(exception).data, status=status.HTTP_201_CREATED)


class ExceptionDetail(APIView):
    permission_classes = [AdministratorsWrite]

    @extend_schema(responses={204: None, 403: ErrorSerializer,
                              404: OpenApiResponse(ErrorSerializer)})
    def delete(self, request, date):
        exception = CalendarException.objects.filter(date=date).first()
        if exception is None:
            raise Http404
        do_remove_exception(exception)
        return Response(status=status.HTTP_204_NO_CONTENT)
