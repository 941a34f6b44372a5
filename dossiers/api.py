from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
)
from rest_framework import generics, serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from dossiers import slips
from dossiers import transitions as t
from dossiers.actions import (
    MISSING_ITEM_MAX,
    MISSING_MAX,
    NOTE_MAX,
    DossierConflict,
    available_actions,
    check_create,
    check_submit_online,
    do_action,
    do_create,
    dossiers_for_user,
    get_dossier_for_user,
)
from dossiers.models import (
    ApplicantType,
    Channel,
    Dossier,
    DossierDocument,
    DossierEvent,
    Notice,
    Status,
)
from dossiers.tracking import LOCKED, NOT_FOUND, TrackingLocked, TrackingThrottle, track
from dossiers.views import document_response
from motcua.api import ErrorSerializer, ModelSerializer, Serializer, validated_query
from motcua.idempotency import idempotent
from sync import outbox as sync_outbox
from sync.models import DossierSync
from units.access import AGENCY_CODE_MAX, USERNAME_MAX, is_staff_member


class IsStaff(IsAuthenticated):
    def has_permission(self, request, view):
        return super().has_permission(request, view) and is_staff_member(request.user)


class DocumentSerializer(ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = DossierDocument
        fields = ["id", "component_name", "content_type", "size", "sha256", "source", "reused",
                  "from_store", "digitisation_code", "supplement_round", "added_at", "url"]

    def get_url(self, obj) -> str:
        return reverse("api:dossier-document", args=[obj.dossier.code, obj.pk])


class NationalSyncSerializer(Serializer):
    state = serializers.ChoiceField(choices=DossierSync.State.choices)
    synced_at = serializers.DateTimeField(allow_null=True)
    error = serializers.CharField(allow_blank=True)


class DossierSerializer(ModelSerializer):
    procedure = serializers.CharField(source="procedure.code")
    procedure_name = serializers.CharField(source="procedure.name")
    unit = serializers.CharField(source="agency.code")
    unit_name = serializers.CharField(source="agency.name")
    current_unit = serializers.CharField(
        source="current_agency.code", help_text="the agency holding the dossier now (liên thông)")
    current_unit_name = serializers.CharField(source="current_agency.name")
    service_center = serializers.CharField(source="service_center.code")
    status_code = serializers.IntegerField()
    assignee = serializers.CharField(source="assignee.username", allow_null=True, default=None)
    allowed_actions = serializers.SerializerMethodField()
    # A method, not a nested serializer: copying a nested serializer for every dossier cost a
    # fifth of an intake (bench/intake_throughput.py).
    documents = serializers.SerializerMethodField()
    national_sync = serializers.SerializerMethodField(
        help_text="where the dossier stands with the National Public Service Portal")

    class Meta:
        model = Dossier
        fields = ["code", "national_reference", "status", "status_code", "channel", "procedure",
                  "procedure_name",
                  "procedure_version", "unit", "unit_name", "current_unit", "current_unit_name",
                  "service_center", "applicant_type",
                  "applicant_name", "applicant_id_number", "applicant_phone", "applicant_email",
                  "applicant_address", "summary", "submitted_at", "received_at", "due_at",
                  "index_due_at", "first_due_at", "warn_at", "overdue_since", "reappointed",
                  "supplement_rounds", "finished_at", "returned_at", "paper_returned_at", "result", "current_step",
                  "proposal", "proposed_at",
                  "assignee", "vneid_authenticated", "consulted", "form_data", "paid_online",
                  "payment_platform", "documents", "national_sync",
                  "allowed_actions"]

    @extend_schema_field(DocumentSerializer(many=True))
    def get_documents(self, obj):
        if self.context.get("created"):
            return []  # nothing is attached through the API at creation
        documents = list(obj.documents.all())
        return DocumentSerializer(documents, many=True).data if documents else []

    @extend_schema_field(NationalSyncSerializer)
    def get_national_sync(self, obj):
        return NationalSyncSerializer(sync_outbox.state_of(obj)).data

    def get_allowed_actions(self, obj) -> list[str]:
        request = self.context.get("request")
        if request is None:
            return []
        return available_actions(request.user, obj)


def _column(name):
    """The length of a dossier's column: what the API takes for it."""
    return Dossier._meta.get_field(name).max_length


class DossierCreateSerializer(Serializer):
    procedure = serializers.CharField(max_length=40)
    channel = serializers.ChoiceField(
        choices=Channel.choices, required=False,
        help_text="1 counter or 3 post for staff (default 1); 2 online for a person's own account")
    service_center = serializers.CharField(max_length=40, required=False)
    unit = serializers.IntegerField(required=False, min_value=1,
                                    help_text="commune statistics code")
    applicant_type = serializers.ChoiceField(choices=ApplicantType.choices, default=1)
    applicant_name = serializers.CharField(max_length=_column("applicant_name"))
    applicant_id_number = serializers.CharField(max_length=_column("applicant_id_number"),
                                                required=False, allow_blank=True)
    # Typed with spaces, dots or +84 (0912 345 678): stored as its digits, within the column.
    applicant_phone = serializers.CharField(max_length=20, required=False, allow_blank=True)
    applicant_email = serializers.CharField(max_length=_column("applicant_email"),
                                            required=False, allow_blank=True)
    applicant_address = serializers.CharField(max_length=_column("applicant_address"),
                                              required=False, allow_blank=True)
    summary = serializers.CharField(max_length=_column("summary"), required=False,
                                    allow_blank=True)
    components = serializers.ListField(child=serializers.CharField(max_length=600),
                                       required=False, max_length=100)
    form_data = serializers.DictField(
        required=False, help_text="answers to the procedure's declared form fields, by key "
                                  "(GET /api/v1/procedures/{code} lists them as form_fields)")
    receive = serializers.BooleanField(
        default=False, help_text="receive at once and issue the receipt (complete dossier)")
    fees = serializers.ListField(
        child=serializers.DictField(), required=False, max_length=20,
        help_text="with receive: the fees charged at reception, each {\"fee\": <catalog fee "
                  "id>} or {\"description\", \"amount\", \"kind\"}, with an optional "
                  "\"exempt\": reason (dossiers/fees.py)")
    on_behalf = serializers.BooleanField(
        default=False, help_text="online: filed for someone else. It needs their "
                                 "authorisation attached, which only the portal's form takes "
                                 "for now; without it, a person files as themselves")


class DossierQuery(serializers.Serializer):
    status = serializers.ChoiceField(choices=Status.choices, required=False)
    unit = serializers.CharField(max_length=AGENCY_CODE_MAX, required=False)
    procedure = serializers.CharField(max_length=40, required=False)
    overdue = serializers.BooleanField(required=False, allow_null=True, default=None)
    at_risk = serializers.BooleanField(required=False, allow_null=True, default=None)
    assignee = serializers.CharField(max_length=USERNAME_MAX, required=False)
    q = serializers.CharField(
        max_length=100, required=False, allow_blank=True,
        help_text="a dossier code or the number at its end, the national portal's reference, a "
                  "phone in any written form (0912 345 678, +84 912 345 678), an identity "
                  "number, or part of the applicant's name, with or without diacritics "
                  "(Dossier.objects.matching)")


IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key", str, OpenApiParameter.HEADER, required=False,
    description="any unique text (a UUID): the same key with the same request returns the "
                "first answer; with another request, 409")


class DossierList(generics.ListCreateAPIView):
    """Dossiers the user's units may see, or a person's own dossiers.

    A counter officer's POST takes a dossier in at the counter (channel 1) or from the post
    (3); a person's POST files one online (2), which arrives as submitted (status 1) in the
    reception queue of the competent unit's center."""

    permission_classes = [IsAuthenticated]  # staff in scope, or the applicant (online)
    serializer_class = DossierSerializer

    @extend_schema(parameters=[DossierQuery])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        params = validated_query(DossierQuery, self.request)
        qs = dossiers_for_user(self.request.user).select_related(
            "procedure", "agency", "current_agency", "service_center", "service_center__agency",
            "assignee", "national_sync").prefetch_related("documents")
        now = timezone.now()
        if params.get("status"):
            qs = qs.filter(status=params["status"])
        if params.get("unit"):
            qs = qs.filter(agency__code=params["unit"])
        if params.get("procedure"):
            qs = qs.filter(procedure__code=params["procedure"])
        if params.get("assignee"):
            qs = qs.filter(assignee__username=params["assignee"])
        if params.get("overdue") is not None:
            qs = qs.overdue(now) if params["overdue"] else qs.exclude(
                id__in=Dossier.objects.overdue(now).values("id"))
        if params.get("at_risk") is not None:
            qs = qs.at_risk(now) if params["at_risk"] else qs.exclude(
                id__in=Dossier.objects.at_risk(now).values("id"))
        if params.get("q"):
            qs = qs.matching(params["q"])
        # Work lists (open statuses, overdue, at risk) put the most urgent first.
        urgent = params.get("overdue") or params.get("at_risk") or params.get("status") in t.OPEN
        return qs.order_by("due_at", "id") if urgent else qs.order_by("-submitted_at", "-id")

    @extend_schema(request=DossierCreateSerializer, parameters=[IDEMPOTENCY_KEY],
                   responses={201: DossierSerializer, 400: ErrorSerializer, 403: ErrorSerializer,
                              409: ErrorSerializer})
    @idempotent
    def post(self, request, *args, **kwargs):
        incoming = DossierCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        if is_staff_member(request.user):
            cleaned = check_create(request.user, data)
        else:
            cleaned = check_submit_online(request.user, data)
            # Signed in through VNeID in this browser session (token clients: not known).
            cleaned["vneid_authenticated"] = bool(getattr(request, "session", {}).get("vneid"))
        dossier = do_create(cleaned, request.user)
        return Response(DossierSerializer(dossier, context={"request": request, "created": True})
                        .data, status=status.HTTP_201_CREATED)


class DossierDetail(generics.RetrieveAPIView):
    permission_classes = [IsAuthenticated]  # staff in scope, or the applicant (online)
    serializer_class = DossierSerializer

    @extend_schema(responses={200: DossierSerializer, 404: OpenApiResponse(ErrorSerializer)})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_object(self):
        return get_dossier_for_user(self.request.user, self.kwargs["code"])


class EventSerializer(ModelSerializer):
    unit = serializers.CharField(source="agency.code", allow_null=True, default=None)
    by = serializers.CharField(source="actor_name")

    class Meta:
        model = DossierEvent
        fields = ["seq", "action", "from_status", "to_status", "by", "role", "unit", "at",
                  "step_due_at", "note", "data"]


class DossierEvents(generics.ListAPIView):
    """The append-only history of a dossier."""

    permission_classes = [IsAuthenticated]  # staff in scope, or the applicant (online)
    serializer_class = EventSerializer
    pagination_class = None

    def get_queryset(self):
        dossier = get_dossier_for_user(self.request.user, self.kwargs["code"])
        return dossier.events.select_related("agency").order_by("seq")


class ActionRequest(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=NOTE_MAX)
    note = serializers.CharField(required=False, allow_blank=True, max_length=NOTE_MAX)
    missing = serializers.ListField(child=serializers.CharField(max_length=MISSING_ITEM_MAX),
                                    required=False, max_length=MISSING_MAX)
    assignee = serializers.CharField(required=False, max_length=USERNAME_MAX)
    new_due_at = serializers.DateTimeField(required=False)
    method = serializers.ChoiceField(choices=["counter", "post", "online"], required=False)
    decision = serializers.ChoiceField(
        choices=["approve", "reject"], required=False,
        help_text="propose: the decision submitted for the leader's signature (trình ký)")
    fees = serializers.ListField(
        child=serializers.DictField(), required=False, max_length=20,
        help_text="receive, require_payment, approve: fee lines charged now, each "
                  '{"fee": <catalog fee id>} or {"description", "amount", "kind"}, with an '
                  'optional "exempt": reason (dossiers/fees.py)')


class ConflictSerializer(ErrorSerializer):
    status = serializers.CharField()
    allowed_actions = serializers.ListField(child=serializers.CharField())


class DossierAction(APIView):
    """Take an action on a dossier (see dossiers/transitions.py for who may do what when)."""

    permission_classes = [IsAuthenticated]  # staff in scope, or the applicant (online)

    @extend_schema(request=ActionRequest, parameters=[IDEMPOTENCY_KEY],
                   responses={200: DossierSerializer, 400: ErrorSerializer, 403: ErrorSerializer,
                              404: ErrorSerializer, 409: ConflictSerializer})
    @idempotent
    def post(self, request, code, action):
        incoming = ActionRequest(data=request.data)
        incoming.is_valid(raise_exception=True)
        try:
            dossier = do_action(request.user, code, action, incoming.validated_data)
        except DossierConflict as exc:
            return Response({"error": "conflict", "detail": str(exc), "status": exc.status,
                             "allowed_actions": exc.allowed}, status=status.HTTP_409_CONFLICT)
        return Response(DossierSerializer(dossier, context={"request": request}).data)


class TrackingTimelineSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    action = serializers.CharField()
    label = serializers.CharField()
    status = serializers.CharField()


class TrackingSerializer(serializers.Serializer):
    code = serializers.CharField()
    procedure = serializers.CharField()
    unit = serializers.CharField()
    status = serializers.CharField()
    status_code = serializers.IntegerField()
    status_label = serializers.CharField()
    submitted_at = serializers.DateTimeField()
    received_at = serializers.DateTimeField(allow_null=True)
    due_at = serializers.DateTimeField(allow_null=True)
    finished_at = serializers.DateTimeField(allow_null=True)
    returned_at = serializers.DateTimeField(allow_null=True)
    timeline = TrackingTimelineSerializer(many=True)


class TrackingQuery(serializers.Serializer):
    phone_last4 = serializers.CharField(max_length=4, min_length=4,
                                        help_text="last four digits of the applicant's phone")


class TrackingView(APIView):
    """Public status of a dossier by its code and the last 4 digits of the applicant's phone."""

    permission_classes = []
    authentication_classes = []
    throttle_classes = [TrackingThrottle]

    @extend_schema(parameters=[TrackingQuery],
                   responses={200: TrackingSerializer, 404: ErrorSerializer,
                              429: ErrorSerializer})
    def get(self, request, code):
        try:
            found = track(code, request.query_params.get("phone_last4"))
        except TrackingLocked:
            return Response({"error": "locked", "detail": str(LOCKED)},
                            status=status.HTTP_429_TOO_MANY_REQUESTS)
        if found is None:
            return Response({"error": "not_found", "detail": str(NOT_FOUND)},
                            status=status.HTTP_404_NOT_FOUND)
        return Response(TrackingSerializer(found).data)


class DossierDocumentFile(APIView):
    """The file of one of the dossier's documents (token or session; applicant or staff in
    scope)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY,
                              (200, "image/jpeg"): OpenApiTypes.BINARY,
                              (200, "image/png"): OpenApiTypes.BINARY, 404: ErrorSerializer})
    def get(self, request, code, pk):
        return document_response(request.user, code, pk)


class DossierSlip(APIView):
    """A slip of the dossier as PDF: receipt, supplement, refusal, apology, stop, control."""

    permission_classes = [IsAuthenticated]  # staff in scope, or the applicant (online)

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY,
                              404: ErrorSerializer, 409: ErrorSerializer})
    def get(self, request, code, kind):
        dossier = get_dossier_for_user(request.user, code)
        if kind not in slips.KINDS or not (slips.for_applicant(kind)
                                           or is_staff_member(request.user)):
            raise Http404
        try:
            pdf = slips.render(dossier, kind)
        except slips.SlipNotAvailable:
            return Response({"error": "conflict", "detail": str(
                _("This dossier has no such slip in its current state."))},
                status=status.HTTP_409_CONFLICT)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{code}-{kind}.pdf"'
        return response


class NoticeSerializer(ModelSerializer):
    dossier = serializers.CharField(source="dossier.code")
    procedure = serializers.CharField(source="dossier.procedure.name")

    class Meta:
        model = Notice
        fields = ["id", "kind", "dossier", "procedure", "due_at", "created_at", "read_at"]


class NoticeList(generics.ListAPIView):
    """The current user's warnings about dossiers (at risk, overdue), newest first."""

    permission_classes = [IsStaff]
    serializer_class = NoticeSerializer

    def get_queryset(self):
        return Notice.objects.filter(user=self.request.user).select_related(
            "dossier", "dossier__procedure").order_by("-created_at", "-id")
