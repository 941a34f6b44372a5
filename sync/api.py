"""POST /api/v1/dvcqg/events: the national portal pushes what was filed there (the same events
its feed gives, sync/inbound.py), signed with the secret shared with it
(MOTCUA_DVCQG_PUSH_SECRET; header X-MotCua-Signature: t=<unix time>,v1=<HMAC-SHA256 hex of
"<t>.<body>">). The body is one event, or {"data": [events]}.

The answer is the acknowledgement, given after the event was committed: per event
{"MaSuKien", "KetQua": 1 taken / 0 refused, "LyDo", "MaHoSoDonVi"}. When the portal cannot
give a file now, 503: it pushes the event again later. The same event twice gets the same
answer."""

import json

from django.conf import settings
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from integrations.national import fields
from integrations.national.registry import portal
from motcua import signatures
from motcua.api import ErrorSerializer, Serializer
from sync import inbound
from sync.models import InboundRecord

MAX_EVENTS = 100


class Acknowledgement(Serializer):
    MaSuKien = serializers.CharField()
    MaHoSo = serializers.CharField()
    KetQua = serializers.IntegerField(help_text="1 taken, 0 refused")
    LyDo = serializers.CharField(help_text="why it was refused")
    MaHoSoDonVi = serializers.CharField(help_text="MotCua's code of the dossier")


class PushAnswer(Serializer):
    error_code = serializers.IntegerField()
    message = serializers.CharField()
    data = Acknowledgement(many=True)


def _error(code, detail, http):
    return Response({"error": code, "detail": str(detail), "error_code": http,
                     "message": str(detail)}, status=http)


class NationalEvents(APIView):
    # An event holding a NUL is refused back in the portal's own answer (sync.inbound), not
    # by the edge's 400: the portal learns why, and the supervisors see it.
    handles_unstorable_text = True
    permission_classes = [AllowAny]
    authentication_classes = []  # authenticated by the signature
    throttle_classes = []

    @extend_schema(request=OpenApiTypes.OBJECT,
                   responses={200: PushAnswer, 400: ErrorSerializer, 401: ErrorSerializer,
                              503: ErrorSerializer})
    def post(self, request):
        if settings.MOTCUA_DVCQG_INBOUND not in ("push", "both"):
            return _error("not_configured", _("This system does not take pushes from the "
                                              "national portal."), 404)
        body = request.body
        if len(body) > settings.MOTCUA_DVCQG_PUSH_MAX_BYTES:
            return _error("too_large", _("The notification is too large."), 400)
        try:
            signatures.verify(settings.MOTCUA_DVCQG_PUSH_SECRET, body,
                              request.META.get(signatures.HEADER),
                              max_age=settings.MOTCUA_PAYMENT_CALLBACK_MAX_AGE)
        except signatures.SignatureRejected as exc:
            return _error(exc.code, exc, 401)
        try:
            parsed = json.loads(body)
        except (ValueError, UnicodeDecodeError):
            return _error("malformed", _("The notification cannot be read."), 400)
        events = parsed.get("data") if isinstance(parsed, dict) and "data" in parsed \
            else [parsed]
        if not isinstance(events, list) or not 0 < len(events) <= MAX_EVENTS:
            return _error("malformed", _("Send one event, or a list of at most %(n)d under "
                                         "data.") % {"n": MAX_EVENTS}, 400)
        plugin = portal()
        if plugin is None:
            return _error("unavailable", _("No national portal is configured here."), 503)
        answers = []
        for event in events:
            record = inbound.process(plugin, event, InboundRecord.Via.PUSH)
            if record.status == InboundRecord.Status.WAITING:
                return _error("unavailable", record.reason, 503)
            InboundRecord.objects.filter(pk=record.pk).update(
                acknowledged_at=record.decided_at)  # this answer is the acknowledgement
            answers.append({
                "MaSuKien": record.event_id, "MaHoSo": record.reference,
                "KetQua": fields.ACK_TAKEN if record.status == InboundRecord.Status.ACCEPTED
                else fields.ACK_REFUSED, "LyDo": record.reason,
                "MaHoSoDonVi": record.dossier.code if record.dossier_id else ""})
        return Response({"error_code": 0, "message": "", "data": answers})
