"""Payments in the API: a dossier's fee lines and payments, starting an online payment, the
receipt, and the providers' notifications (webhook)."""

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from dossiers.actions import get_dossier_for_user
from dossiers.models import FeeLine
from motcua.api import ErrorSerializer, ModelSerializer, Serializer
from payments import actions, receipts
from payments.base import PaymentRejected
from payments.models import Payment
from payments.registry import providers


class FeeLineSerializer(ModelSerializer):
    class Meta:
        model = FeeLine
        fields = ["id", "kind", "description", "amount", "stage", "exempt", "exemption_reason",
                  "paid_at"]


class PaymentSerializer(ModelSerializer):
    lines = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    receipt_url = serializers.SerializerMethodField()

    class Meta:
        model = Payment
        fields = ["reference", "provider", "platform", "amount", "status", "instructions",
                  "created_at", "paid_at", "transaction_id", "receipt_number", "receipt_url",
                  "lines"]

    def get_receipt_url(self, obj) -> str | None:
        if obj.status != Payment.Status.PAID:
            return None
        return f"/api/v1/dossiers/{obj.dossier.code}/payments/{obj.reference}/receipt.pdf"


class PaymentsOverviewSerializer(Serializer):
    fee_lines = FeeLineSerializer(many=True)
    payments = PaymentSerializer(many=True)
    paid_online = serializers.BooleanField()
    payment_platform = serializers.IntegerField(allow_null=True)


class StartPaymentSerializer(Serializer):
    provider = serializers.CharField(max_length=40)


def _overview(dossier):
    return {"fee_lines": dossier.fee_lines.all(),
            "payments": dossier.payments.prefetch_related("lines").select_related("dossier"),
            "paid_online": dossier.paid_online, "payment_platform": dossier.payment_platform}


class DossierPayments(APIView):
    """A dossier's fee lines and payments; POST: the applicant starts an online payment of what
    is owed (instructions in the answer, e.g. the VietQR payload)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: PaymentsOverviewSerializer})
    def get(self, request, code):
        dossier = get_dossier_for_user(request.user, code)
        return Response(PaymentsOverviewSerializer(_overview(dossier)).data)

    @extend_schema(request=StartPaymentSerializer,
                   responses={201: PaymentSerializer, 400: ErrorSerializer, 403: ErrorSerializer})
    def post(self, request, code):
        incoming = StartPaymentSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        dossier = get_dossier_for_user(request.user, code)
        provider, lines = actions.check_start(request.user, dossier,
                                              incoming.validated_data["provider"])
        payment = actions.do_start(dossier, provider, lines, request.user)
        return Response(PaymentSerializer(payment).data, status=status.HTTP_201_CREATED)


class PaymentReceipt(APIView):
    """The electronic receipt (biên lai) of a paid payment, as PDF."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY,
                              404: ErrorSerializer, 409: ErrorSerializer})
    def get(self, request, code, reference):
        dossier = get_dossier_for_user(request.user, code)
        payment = dossier.payments.filter(reference=reference).first()
        if payment is None:
            return Response({"error": "not_found", "detail": _("No such payment.")},
                            status=status.HTTP_404_NOT_FOUND)
        if payment.status != Payment.Status.PAID:
            return Response({"error": "conflict", "detail": _("This payment is not paid.")},
                            status=status.HTTP_409_CONFLICT)
        response = HttpResponse(receipts.render(payment), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{payment.receipt_number}.pdf"'
        return response


class CallbackAnswer(Serializer):
    status = serializers.CharField()


class PaymentCallback(APIView):
    """A payment provider's notification (webhook), signed (header X-MotCua-Signature:
    t=<unix time>,v1=<HMAC-SHA256 hex of "<t>.<body>">). The same notification twice changes
    nothing ("duplicate"); a second notification of a paid payment is not counted
    ("already_paid"); a wrong amount is refused (422) and left for an officer."""

    # A body holding a NUL is refused as malformed in the provider's answer (payments.base
    # reads it with motcua.text.load_json), not by the edge's 400.
    handles_unstorable_text = True

    permission_classes = [AllowAny]
    authentication_classes = []  # authenticated by the signature, not a session
    throttle_classes = []

    @extend_schema(request=OpenApiTypes.OBJECT,
                   responses={200: CallbackAnswer, 400: ErrorSerializer, 401: ErrorSerializer,
                              404: ErrorSerializer,
                              409: ErrorSerializer, 422: ErrorSerializer})
    def post(self, request, provider):
        plugin = providers().get(provider)
        if plugin is None:
            return Response({"error": "not_found", "detail": _("No such payment provider.")},
                            status=status.HTTP_404_NOT_FOUND)
        try:
            settlement = plugin.parse_callback(request)
        except PaymentRejected as exc:
            # Not genuine: 401; genuine but unreadable or too large: 400 (the provider should
            # not send it again as it is).
            code = status.HTTP_400_BAD_REQUEST if exc.code in ("malformed", "too_large") \
                else status.HTTP_401_UNAUTHORIZED
            return Response({"error": exc.code, "detail": str(exc)}, status=code)
        outcome = actions.record_settlement(plugin, settlement)
        code = actions.OUTCOMES[outcome]
        if code == 200:
            return Response({"status": outcome})
        return Response({"error": outcome, "detail": str(OUTCOME_TEXT[outcome])}, status=code)


OUTCOME_TEXT = {
    "unknown_reference": gettext_lazy("No payment has this reference."),
    "wrong_amount": gettext_lazy(
        "The amount differs from the amount asked: not recorded as paid."),
    "cancelled": gettext_lazy(
        "This payment request was replaced: an officer will settle the transfer."),
    "duplicate_transaction": gettext_lazy("This transaction already paid another payment."),
}
