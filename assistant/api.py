"""The assistant in the API: POST /api/v1/assistant/ask, and the Zalo OA webhook."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from assistant import answers
from assistant.zalo.base import BadEvent, verified_event
from motcua.api import ErrorSerializer, Serializer


class AskRequest(Serializer):
    question = serializers.CharField(max_length=500, trim_whitespace=True)


class Source(Serializer):
    title = serializers.CharField()
    code = serializers.CharField()
    part = serializers.CharField()
    url = serializers.CharField()
    quote = serializers.CharField(allow_blank=True)


class Link(Serializer):
    label = serializers.CharField()
    url = serializers.CharField()


class AskAnswer(Serializer):
    answer = serializers.CharField()
    sources = Source(many=True)
    confidence = serializers.FloatField()
    intent = serializers.CharField(help_text="papers, time, fee, where, online, legal, "
                                   "applicants, result, steps, status, answer, or unknown "
                                   "(not found: the answer offers a PAKN or the hotline)")
    procedure = serializers.CharField(allow_null=True)
    links = Link(many=True)


class Ask(APIView):
    """Ask the assistant: it answers from the published catalog, quoted, with its sources;
    dossier status needs the dossier code and the last 4 digits of the phone."""

    permission_classes = [AllowAny]
    throttle_classes = [answers.AskThrottle]  # shared with the chat panel

    @extend_schema(request=AskRequest, responses={200: AskAnswer, 400: ErrorSerializer,
                                                   429: ErrorSerializer})
    def post(self, request):
        data = AskRequest(data=request.data)
        data.is_valid(raise_exception=True)
        out = answers.ask(data.validated_data["question"], request=request, channel="api")
        return Response({k: out.get(k) for k in ("answer", "sources", "confidence", "intent",
                                                 "procedure", "links")}
                        | {"links": [{"label": str(x["label"]), "url": x["url"]}
                                     for x in out["links"]]})


class ZaloWebhook(APIView):
    """The Zalo Official Account's webhook: a follower's text message is answered through the
    OA (the reply is a job after the request)."""

    permission_classes = [AllowAny]
    authentication_classes = []
    # Zalo's servers deliver what followers write: verified_event makes it storable after
    # checking the signature, rather than the edge refusing the delivery (motcua.middleware).
    handles_unstorable_text = True

    @extend_schema(request=None, responses={200: None, 403: ErrorSerializer})
    def post(self, request):
        from assistant.tasks import reply_on_zalo
        from motcua.tasks import enqueue_with_change

        try:
            event = verified_event(request.body, request.headers.get("X-ZEvent-Signature"))
        except BadEvent as exc:
            return Response({"error": "forbidden", "detail": str(exc)}, status=403)
        if event.get("event_name") != "user_send_text":
            return Response({"ok": True, "ignored": event.get("event_name", "")})
        sender = str((event.get("sender") or {}).get("id", ""))[:64]
        text = str((event.get("message") or {}).get("text", ""))[:500]
        if not sender or not text.strip():
            return Response({"error": "invalid", "detail": "no sender or no text"},
                            status=400)
        if not answers.SenderThrottle(sender).allow_request(request, self):
            # Acknowledged, so that Zalo does not send it again, but not answered: each reply
            # costs one of the OA's messages.
            return Response({"ok": True, "ignored": "throttled"})
        out = answers.ask(text, request=request, channel="zalo")
        reply = out["answer"]
        if out["sources"]:
            reply += "\n" + "\n".join(s["url"] for s in out["sources"][:2])
        enqueue_with_change(reply_on_zalo, sender, reply[:2000])
        return Response({"ok": True})


