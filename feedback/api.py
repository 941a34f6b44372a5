"""Feedback in the API: ratings (by the one-time link, by the applicant, at a kiosk) and
complaints or suggestions (PAKN) with their actions."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from dossiers.actions import get_dossier_for_user
from feedback import petitions, ratings
from feedback.models import FACTORS, Level, Petition, PetitionEvent, Rating
from motcua.api import ErrorSerializer, ModelSerializer, Serializer, validated_query
from units.access import AGENCY_CODE_MAX, USERNAME_MAX


def _body(request):
    return request.data if isinstance(request.data, dict) else {}


def _refused(exc):
    return Response({"error": exc.code, "detail": str(exc)}, status=exc.status)


# ----------------------------------------------------------------------------- ratings


class RatingSerializer(ModelSerializer):
    dossier = serializers.CharField(source="dossier.code", allow_null=True, default=None)
    unit = serializers.CharField(source="agency.code")

    class Meta:
        model = Rating
        fields = ["dossier", "unit", "channel", "overall", *FACTORS, "comment", "created_at"]


class RatingRequest(Serializer):
    """Documentation of the answers; feedback.ratings.check_rating validates them."""

    overall = serializers.ChoiceField(choices=Level.choices)
    access = serializers.ChoiceField(choices=Level.choices, required=False, allow_blank=True)
    procedure = serializers.ChoiceField(choices=Level.choices, required=False, allow_blank=True)
    officials = serializers.ChoiceField(choices=Level.choices, required=False, allow_blank=True)
    result = serializers.ChoiceField(choices=Level.choices, required=False, allow_blank=True)
    feedback_handling = serializers.ChoiceField(choices=Level.choices, required=False,
                                                allow_blank=True)
    comment = serializers.CharField(required=False, allow_blank=True,
                                    max_length=ratings.COMMENT_MAX)


class LinkRatingRequest(RatingRequest):
    token = serializers.CharField(max_length=ratings.TOKEN_TEXT_MAX,
                                  help_text="the token of the link sent when the result was "
                                            "returned (/danh-gia/<token>/)")


class KioskRatingRequest(RatingRequest):
    dossier = serializers.CharField(required=False, allow_blank=True,
                                    max_length=petitions.DOSSIER_CODE_MAX,
                                    help_text="the dossier's code; empty: the visit itself")


class LinkRating(APIView):
    """Rate the service with the link sent when the result was returned. The link works once:
    a second use answers 410 `link_used`."""

    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(request=LinkRatingRequest,
                   responses={201: RatingSerializer, 400: ErrorSerializer, 404: ErrorSerializer,
                              410: ErrorSerializer})
    def post(self, request):
        data = _body(request)
        cleaned = ratings.check_rating(data)
        try:
            token = str(data.get("token") or "")[:ratings.TOKEN_TEXT_MAX]
            rating = ratings.do_rate_by_link(token, cleaned)
        except ratings.RatingRefused as exc:
            return _refused(exc)
        return Response(RatingSerializer(rating).data, status=status.HTTP_201_CREATED)


class DossierRating(APIView):
    """A dossier's rating. POST: its applicant rates it once the result is returned (channel
    `portal`), or a counter account records it at its center's kiosk (`kiosk`)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: RatingSerializer, 404: ErrorSerializer})
    def get(self, request, code):
        dossier = get_dossier_for_user(request.user, code)
        rating = dossier.ratings.select_related("agency").first()
        if rating is None:
            return Response({"error": "not_found",
                             "detail": _("This dossier has not been rated yet.")},
                            status=status.HTTP_404_NOT_FOUND)
        return Response(RatingSerializer(rating).data)

    @extend_schema(request=RatingRequest,
                   responses={201: RatingSerializer, 400: ErrorSerializer, 403: ErrorSerializer,
                              404: ErrorSerializer, 409: ErrorSerializer})
    def post(self, request, code):
        dossier = get_dossier_for_user(request.user, code)
        cleaned = ratings.check_rating(_body(request))
        try:
            if dossier.applicant_id == request.user.pk:
                ratings.check_portal_rating(request.user, dossier)
                rating = ratings.do_rate(dossier, cleaned, Rating.Channel.PORTAL)
            else:
                center = ratings.check_kiosk(request.user, dossier)
                rating = ratings.do_rate(dossier, cleaned, Rating.Channel.KIOSK,
                                         by=request.user, center=center)
        except ratings.RatingRefused as exc:
            return _refused(exc)
        return Response(RatingSerializer(rating).data, status=status.HTTP_201_CREATED)


class KioskRating(APIView):
    """A rating taken at a service center's kiosk (a counter account signed in on the
    tablet): of a returned dossier, or of the visit itself."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=KioskRatingRequest,
                   responses={201: RatingSerializer, 400: ErrorSerializer, 403: ErrorSerializer,
                              404: ErrorSerializer, 409: ErrorSerializer})
    def post(self, request):
        data = _body(request)
        code = str(data.get("dossier") or "").strip()
        dossier = get_dossier_for_user(request.user, code[:petitions.DOSSIER_CODE_MAX]) \
            if code else None
        cleaned = ratings.check_rating(data)
        try:
            center = ratings.check_kiosk(request.user, dossier)
            rating = ratings.do_rate(dossier, cleaned, Rating.Channel.KIOSK, by=request.user,
                                     center=center)
        except ratings.RatingRefused as exc:
            return _refused(exc)
        return Response(RatingSerializer(rating).data, status=status.HTTP_201_CREATED)


# ----------------------------------------------------------------------------- PAKN


class PetitionEventSerializer(ModelSerializer):
    class Meta:
        model = PetitionEvent
        fields = ["at", "action", "to_status", "actor_name", "role", "note"]


class PetitionSerializer(ModelSerializer):
    dossier = serializers.CharField(source="dossier.code", allow_null=True, default=None)
    procedure = serializers.CharField(source="procedure.code", allow_null=True, default=None)
    unit = serializers.CharField(source="agency.code")
    unit_name = serializers.CharField(source="agency.name")
    handler = serializers.CharField(source="handler.username", allow_null=True, default=None)
    timeliness = serializers.SerializerMethodField(
        help_text="on_time or late once closed; in_time or overdue while open")
    allowed_actions = serializers.SerializerMethodField()
    events = PetitionEventSerializer(many=True, read_only=True)

    class Meta:
        model = Petition
        fields = ["code", "subject", "dossier", "procedure", "officer_name", "unit", "unit_name",
                  "kind", "topic", "title", "content", "submitter_name", "submitter_phone",
                  "submitter_email", "status", "handler", "received_at", "reject_by",
                  "more_info_by", "due_at", "timeliness", "info_request", "info_reply",
                  "reject_reason", "answer", "closed_at", "on_time", "public_summary",
                  "published_at", "satisfaction", "satisfaction_comment", "allowed_actions",
                  "events"]

    def get_timeliness(self, obj) -> str:
        return obj.timeliness()

    def get_allowed_actions(self, obj) -> list[str]:
        request = self.context.get("request")
        return petitions.available_actions(request.user, obj) if request else []


class PetitionRequest(Serializer):
    """Documentation of a new petition; feedback.petitions.check_submit validates it."""

    subject = serializers.ChoiceField(choices=Petition.Subject.choices)
    kind = serializers.ChoiceField(choices=Petition.Kind.choices, required=False)
    title = serializers.CharField(max_length=petitions.TITLE_MAX)
    content = serializers.CharField(max_length=petitions.TEXT_MAX)
    dossier = serializers.CharField(required=False, max_length=petitions.DOSSIER_CODE_MAX,
                                    help_text="a dossier's code")
    procedure = serializers.CharField(required=False, max_length=petitions.PROCEDURE_CODE_MAX,
                                      help_text="a procedure's code")
    officer_name = serializers.CharField(required=False, max_length=petitions.OFFICER_MAX)
    agency = serializers.CharField(required=False, max_length=AGENCY_CODE_MAX,
                                   help_text="the agency's identifier code")
    submitter_name = serializers.CharField(
        required=False, max_length=petitions.NAME_MAX,
        help_text="staff recording it, or a person without an account")
    submitter_phone = serializers.CharField(required=False, max_length=petitions.PHONE_TEXT_MAX)
    submitter_email = serializers.CharField(required=False, max_length=petitions.EMAIL_MAX)


class PetitionQuery(serializers.Serializer):
    status = serializers.ChoiceField(choices=Petition.Status.choices, required=False)
    overdue = serializers.BooleanField(required=False, allow_null=True, default=None)
    unit = serializers.CharField(required=False, max_length=AGENCY_CODE_MAX)


class PetitionList(generics.ListCreateAPIView):
    """Petitions the user's units handle, or a person's own. POST: a person sends one (or a
    staff member records one received by phone, letter or in person)."""

    permission_classes = [IsAuthenticated]
    serializer_class = PetitionSerializer

    @extend_schema(parameters=[PetitionQuery])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        params = validated_query(PetitionQuery, self.request)
        qs = petitions.petitions_for_user(self.request.user).select_related(
            "agency", "dossier", "procedure", "handler").prefetch_related("events")
        if params.get("status"):
            qs = qs.filter(status=params["status"])
        if params.get("unit"):
            qs = qs.filter(agency__code=params["unit"])
        if params.get("overdue"):
            qs = petitions.overdue(qs)
        return qs.order_by("due_at", "id") if params.get("overdue") else qs.order_by(
            "-received_at", "-id")

    @extend_schema(request=PetitionRequest,
                   responses={201: PetitionSerializer, 400: ErrorSerializer})
    def post(self, request, *args, **kwargs):
        cleaned = petitions.check_submit(request.user, _body(request))
        petition = petitions.do_submit(request.user, cleaned)
        return Response(PetitionSerializer(petition, context={"request": request}).data,
                        status=status.HTTP_201_CREATED)


class PetitionDetail(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: PetitionSerializer, 404: ErrorSerializer})
    def get(self, request, code):
        petition = petitions.get_petition_for_user(request.user, code)
        return Response(PetitionSerializer(petition, context={"request": request}).data)


class PetitionActionRequest(Serializer):
    kind = serializers.ChoiceField(choices=Petition.Kind.choices, required=False,
                                   help_text="classify")
    topic = serializers.ChoiceField(choices=Petition.Topic.choices, required=False,
                                    help_text="classify")
    agency = serializers.CharField(required=False, max_length=AGENCY_CODE_MAX,
                                   help_text="classify: route to this agency")
    handler = serializers.CharField(required=False, max_length=USERNAME_MAX,
                                    help_text="assign: a username")
    reason = serializers.CharField(required=False, max_length=petitions.TEXT_MAX,
                                   help_text="reject")
    request = serializers.CharField(required=False, max_length=petitions.TEXT_MAX,
                                    help_text="request_info")
    reply = serializers.CharField(required=False, max_length=petitions.TEXT_MAX,
                                  help_text="provide_info")
    answer = serializers.CharField(required=False, max_length=petitions.TEXT_MAX,
                                   help_text="answer")
    summary = serializers.CharField(required=False, max_length=petitions.TEXT_MAX,
                                    help_text="publish: the question as published, without "
                                              "personal data")
    satisfaction = serializers.ChoiceField(choices=Level.choices, required=False,
                                           help_text="rate")
    comment = serializers.CharField(required=False, max_length=ratings.COMMENT_MAX,
                                    help_text="rate")


class PetitionConflictSerializer(ErrorSerializer):
    status = serializers.CharField()
    allowed_actions = serializers.ListField(child=serializers.CharField())


class PetitionAction(APIView):
    """Act on a petition: classify, assign, reject (within 2 working days), request_info
    (within 5), provide_info (the person), answer, publish, rate (the person, once)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=PetitionActionRequest,
                   responses={200: PetitionSerializer, 400: ErrorSerializer,
                              404: ErrorSerializer, 409: PetitionConflictSerializer})
    def post(self, request, code, action):
        try:
            petition = petitions.do_action(request.user, code, action, _body(request))
        except petitions.PetitionConflict as exc:
            return Response({"error": "conflict", "detail": str(exc), "status": exc.status,
                             "allowed_actions": exc.allowed}, status=status.HTTP_409_CONFLICT)
        return Response(PetitionSerializer(petition, context={"request": request}).data)


class PublishedPetitionSerializer(ModelSerializer):
    unit_name = serializers.CharField(source="agency.name")
    question = serializers.CharField(source="public_summary")

    class Meta:
        model = Petition
        fields = ["code", "kind", "topic", "title", "question", "answer", "unit_name",
                  "received_at", "closed_at", "published_at"]


class PublishedPetitions(generics.ListAPIView):
    """Answers the agencies have published, without personal data (public)."""

    permission_classes = [AllowAny]
    authentication_classes = []
    serializer_class = PublishedPetitionSerializer

    def get_queryset(self):
        return petitions.published().select_related("agency")

