"""The ceiling intake is measured against: the smallest Django + DRF site that does what an
intake must at least do. One endpoint, POST /ceiling, with token authentication (the tokens
of the benchmark's officers, in the same database), validates three fields and inserts one
row. It has its own settings (bench/ceiling_settings.py), URL configuration and WSGI
application, and gunicorn serves it the same way as MotCua in bench/intake_throughput.py:

    DJANGO_SETTINGS_MODULE=ceiling_settings gunicorn --pythonpath bench ceiling_site:application
"""

import os

from django.core.wsgi import get_wsgi_application
from django.db import connection
from django.urls import path
from rest_framework import serializers
from rest_framework.authentication import TokenAuthentication
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

TABLE = "bench_ceiling_row"  # created by bench/intake_throughput.py


class RowSerializer(serializers.Serializer):
    procedure = serializers.CharField(max_length=40)
    applicant_name = serializers.CharField(max_length=200)
    applicant_id_number = serializers.RegexField(r"^\d{12}$")


class Ceiling(APIView):
    authentication_classes = [TokenAuthentication]
    permission_classes = [IsAuthenticated]

    def post(self, request):
        row = RowSerializer(data=request.data)
        row.is_valid(raise_exception=True)
        data = row.validated_data
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {TABLE} (applicant_name, applicant_id_number, "
                           "procedure) VALUES (%s, %s, %s) RETURNING id",
                           [data["applicant_name"], data["applicant_id_number"],
                            data["procedure"]])
            (pk,) = cursor.fetchone()
        return Response({"id": pk, **data}, status=201)


urlpatterns = [path("ceiling", Ceiling.as_view())]

application = get_wsgi_application() if os.environ.get(
    "DJANGO_SETTINGS_MODULE") == "ceiling_settings" else None
