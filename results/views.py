"""Public verification of an electronic result: /xac-thuc/<code> and GET/POST
/api/v1/verify/{code}. Anyone holding the QR code learns whether the result is authentic,
unaltered and still valid, and which unit issued it when; never whom it concerns."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from dossiers.documents import check_upload
from dossiers.tracking import TrackingThrottle
from motcua.api import ErrorSerializer, Serializer
from results.actions import verify
from results.models import Result


def _result(code):
    if not isinstance(code, str) or len(code) > 32:
        return None
    # A result being signed has no file yet, and nobody holds its code.
    return Result.objects.select_related("dossier__agency", "dossier__procedure").filter(
        verification_code=code, status=Result.Status.SIGNED).first()


def public_facts(result, checked):
    return {"number": result.number, "title": result.title,
            "procedure": result.dossier.procedure.name, "issuer": result.dossier.agency.name,
            "issued_at": result.issued_at, "status": "revoked" if result.revoked_at else "valid",
            **checked}


def _uploaded(upload):
    meta = check_upload(upload)
    if meta["content_type"] != "application/pdf":
        raise ValidationError(_("Send the result as the PDF file you received."))
    upload.seek(0)
    return upload.read()


@require_http_methods(["GET", "POST"])
def verify_page(request, code):
    result = _result(code)
    if result is None:
        raise Http404
    context, status = {"result": result}, 200
    if request.method == "POST":
        if not TrackingThrottle().allow_request(request, None):
            return render(request, "results/verify.html", {**context, "throttled": True},
                          status=429)
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise ValidationError(_("Choose the PDF file to check."))
            context["file_checked"] = verify(result, _uploaded(upload))
        except ValidationError as exc:
            context["error"], status = " ".join(exc.messages), 400
    context["facts"] = public_facts(result, verify(result))
    return render(request, "results/verify.html", context, status=status)


class VerificationSerializer(Serializer):
    number = serializers.CharField()
    title = serializers.CharField()
    procedure = serializers.CharField()
    issuer = serializers.CharField()
    issued_at = serializers.DateTimeField()
    status = serializers.CharField(help_text="valid or revoked")
    authentic = serializers.BooleanField(help_text="signed by a trusted certificate, this file")
    unaltered = serializers.BooleanField()
    valid = serializers.BooleanField(help_text="authentic, unaltered and not revoked")
    signer = serializers.CharField()
    signed_at = serializers.DateTimeField(allow_null=True)


class VerifyView(APIView):
    """Whether an electronic result is authentic, unaltered and valid (GET: the issued file;
    POST a PDF as `file`: whether that file is the issued result, unaltered)."""

    permission_classes = []
    authentication_classes = []
    parser_classes = [MultiPartParser]

    def get_throttles(self):
        return [TrackingThrottle()] if self.request.method == "POST" else []

    @extend_schema(responses={200: VerificationSerializer, 404: ErrorSerializer})
    def get(self, request, code):
        result = _result(code)
        if result is None:
            raise Http404
        return Response(VerificationSerializer(public_facts(result, verify(result))).data)

    @extend_schema(request={"multipart/form-data": {"type": "object", "properties": {
        "file": {"type": "string", "format": "binary"}}}},
        responses={200: VerificationSerializer, 400: ErrorSerializer, 404: ErrorSerializer})
    def post(self, request, code):
        result = _result(code)
        if result is None:
            raise Http404
        upload = request.FILES.get("file")
        if upload is None:
            raise ValidationError({"file": _("Choose the PDF file to check.")})
        checked = verify(result, _uploaded(upload))
        return Response(VerificationSerializer(public_facts(result, checked)).data)


@require_http_methods(["GET"])
def download(request, token):
    """The signed file of a result, by the unguessable link the dossier's record gives the
    national portal (DanhSachGiayToKetQua.DuongDanTepTinKetQua): the person downloads it
    there. A revoked result is no longer given out."""
    from dossiers.documents import private_file_response

    if not isinstance(token, str) or not 20 <= len(token) <= 48:
        raise Http404
    result = Result.objects.select_related("dossier").filter(
        download_token=token, status=Result.Status.SIGNED).first()
    if result is None:
        raise Http404
    if result.revoked_at:
        return render(request, "results/verify.html", {
            "result": result, "facts": public_facts(result, verify(result))}, status=410)
    return private_file_response(result, f"ket-qua-{result.dossier.code}.pdf")
