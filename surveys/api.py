"""SIPAS in the API: the office's rounds (sample, opening, closing, live scores by unit, field
and period), answering by the one-time link, and the public results."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from directives.api import StaffOnly
from motcua.api import ErrorSerializer, ModelSerializer, Serializer, validated_query
from motcua.dates import DAY_TEXT_MAX
from motcua.numbers import NUMBER_TEXT_MAX
from reform.assess import is_office
from surveys import actions, scoring
from surveys.models import Question, Survey
from units.access import AGENCY_CODE_MAX


def _office(request):
    if not is_office(request.user):
        raise PermissionDenied()


def _refused(exc):
    return Response({"error": "gone" if exc.status == 410 else "conflict",
                     "detail": str(exc)}, status=exc.status)


class SurveyRoundSerializer(ModelSerializer):
    questionnaire_name = serializers.CharField(source="questionnaire.name")

    class Meta:
        model = Survey
        fields = ["id", "name", "questionnaire", "questionnaire_name", "start", "end",
                  "margin", "confidence", "seed", "status", "opened_at", "closed_at", "plan"]


class RoundRequest(Serializer):
    questionnaire = serializers.IntegerField(min_value=1)
    name = serializers.CharField(max_length=actions.NAME_MAX)
    start = serializers.CharField(max_length=DAY_TEXT_MAX,
                                  help_text="dd/mm/yyyy: dossiers finished from")
    end = serializers.CharField(max_length=DAY_TEXT_MAX,
                                help_text="dd/mm/yyyy: dossiers finished until")
    margin = serializers.CharField(required=False, max_length=NUMBER_TEXT_MAX,
                                   help_text="0.01–0.2, default 0.05")
    confidence = serializers.ChoiceField(choices=actions.CONFIDENCES, required=False,
                                         help_text="per cent, default 95")


class Rounds(generics.ListAPIView):
    """Survey rounds (the Department of Home Affairs); POST draws a new round's sample."""

    permission_classes = [StaffOnly]
    serializer_class = SurveyRoundSerializer

    def get_queryset(self):
        _office(self.request)
        return Survey.objects.select_related("questionnaire")

    @extend_schema(request=RoundRequest, responses={201: SurveyRoundSerializer,
                                                    400: ErrorSerializer,
                                                    403: ErrorSerializer})
    def post(self, request):
        data = request.data if isinstance(request.data, dict) else {}
        survey = actions.do_create_round(actions.check_round(request.user, data), request.user)
        return Response(SurveyRoundSerializer(survey).data, status=status.HTTP_201_CREATED)


class RoundDetail(generics.RetrieveAPIView):
    permission_classes = [StaffOnly]
    serializer_class = SurveyRoundSerializer

    def get_object(self):
        _office(self.request)
        return generics.get_object_or_404(Survey.objects.select_related("questionnaire"),
                                          pk=self.kwargs["pk"])


class RoundStep(APIView):
    """open: the invitations go out; close: no more answers."""

    permission_classes = [StaffOnly]
    steps = {"open": actions.do_open, "close": actions.do_close}

    @extend_schema(operation_id="surveys_step", request=None,
                   responses={200: SurveyRoundSerializer, 403: ErrorSerializer,
                              404: ErrorSerializer, 409: ErrorSerializer})
    def post(self, request, pk, step):
        _office(request)
        survey = generics.get_object_or_404(Survey, pk=pk)
        if step not in self.steps:
            return Response({"error": "not_found", "detail": step}, status=404)
        try:
            self.steps[step](survey, request.user)
        except actions.Refused as exc:
            return _refused(exc)
        survey.refresh_from_db()
        return Response(SurveyRoundSerializer(survey).data)


class FigureSerializer(Serializer):
    number = serializers.IntegerField()
    score = serializers.DecimalField(max_digits=6, decimal_places=4, allow_null=True)
    margin = serializers.DecimalField(max_digits=6, decimal_places=4, allow_null=True)


class ScoresSerializer(Serializer):
    responses = serializers.IntegerField()
    population = serializers.IntegerField()
    invited = serializers.IntegerField()
    answered_invitations = serializers.IntegerField()
    response_rate = serializers.DecimalField(max_digits=6, decimal_places=4, allow_null=True)
    sipas = serializers.DecimalField(max_digits=6, decimal_places=4, allow_null=True)
    margin = serializers.DecimalField(max_digits=6, decimal_places=4, allow_null=True)
    confidence = serializers.IntegerField()
    factors = serializers.ListField(child=serializers.DictField())
    criteria = serializers.ListField(child=serializers.DictField())


class ScoresQuery(serializers.Serializer):
    unit = serializers.CharField(required=False, max_length=AGENCY_CODE_MAX,
                                 help_text="agency code")
    field = serializers.CharField(required=False, max_length=40, help_text="field code")
    since = serializers.DateField(required=False, help_text="answered from (yyyy-mm-dd)")
    until = serializers.DateField(required=False, help_text="answered until (yyyy-mm-dd)")


def _json(found):
    """Decimals as strings, as the house shape gives them."""
    def clean(value):
        if isinstance(value, dict):
            return {k: clean(v) for k, v in value.items()}
        if isinstance(value, list):
            return [clean(v) for v in value]
        return str(value) if value.__class__.__name__ == "Decimal" else value

    return clean(found)


class Scores(APIView):
    """The round's scores, live: the city or one unit, one field, answers of some days."""

    permission_classes = [StaffOnly]

    @extend_schema(parameters=[ScoresQuery], responses={200: ScoresSerializer,
                                                        400: ErrorSerializer})
    def get(self, request, pk):
        _office(request)
        survey = generics.get_object_or_404(Survey.objects.select_related("questionnaire"),
                                            pk=pk)
        query = validated_query(ScoresQuery, request)
        agency_ids = field_ids = None
        if query.get("unit"):
            from units.models import Agency

            agency_ids = set(Agency.objects.filter(code=query["unit"]).values_list("pk",
                                                                                  flat=True))
        if query.get("field"):
            from catalog.models import Field

            field_ids = set(Field.objects.filter(code=query["field"]).values_list("pk",
                                                                                 flat=True))
        return Response(_json(scoring.compute(survey, agency_ids=agency_ids,
                                              field_ids=field_ids, since=query.get("since"),
                                              until=query.get("until"))))


class QuestionSerializer(ModelSerializer):
    key = serializers.SerializerMethodField()
    factor = serializers.IntegerField(source="factor.number", default=None)

    class Meta:
        model = Question
        fields = ["key", "number", "factor", "text", "kind", "options", "required"]

    @extend_schema_field(serializers.CharField())
    def get_key(self, question):
        return f"q{question.number}"


class AnswerRequest(Serializer):
    q1 = serializers.CharField(required=False, max_length=actions.TEXT_MAX,
                               help_text="q<number>: a level 1–5, a list of choices, or text")


class SurveyByLink(APIView):
    """The questionnaire of a one-time link (GET) and its answer, once (POST), anonymous."""

    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(responses={200: QuestionSerializer(many=True), 410: ErrorSerializer})
    def get(self, request, token):
        try:
            invitation = actions.invitation_for(token)
        except actions.Refused as exc:
            return _refused(exc)
        questions = invitation.survey.questionnaire.questions.select_related("factor") \
            .order_by("number")
        return Response({"unit": invitation.agency.name,
                         "factors": [{"number": f.number, "name": f.name} for f in
                                     invitation.survey.questionnaire.factors.all()],
                         "questions": QuestionSerializer(questions, many=True).data})

    @extend_schema(request=AnswerRequest, responses={201: None, 400: ErrorSerializer,
                                                     410: ErrorSerializer})
    def post(self, request, token):
        try:
            invitation = actions.invitation_for(token)
            data = request.data if isinstance(request.data, dict) else {}
            actions.do_answer(token, actions.check_answers(invitation.survey.questionnaire,
                                                           data))
        except actions.Refused as exc:
            return _refused(exc)
        return Response({"detail": "recorded"}, status=status.HTTP_201_CREATED)


class RoundSummary(Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()
    status = serializers.CharField()


class UnitScores(ScoresSerializer):
    agency = serializers.CharField()
    name = serializers.CharField()


class SatisfactionSerializer(Serializer):
    round = RoundSummary()
    city = ScoresSerializer()
    units = UnitScores(many=True)


class Satisfaction(APIView):
    """Public: the satisfaction by unit of a round (the latest taken unless `round`)."""

    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(parameters=[OpenApiParameter("round", int)],
                   responses={200: SatisfactionSerializer, 404: ErrorSerializer})
    def get(self, request):
        qs = Survey.objects.filter(status__in=[Survey.Status.OPEN, Survey.Status.CLOSED]) \
            .select_related("questionnaire").order_by("-end", "-id")
        value = request.query_params.get("round", "")
        survey = (qs.filter(pk=int(value)) if value.isdigit() else qs).first()
        if survey is None:
            return Response({"error": "not_found", "detail": "no survey round"}, status=404)
        return Response({
            "round": {"id": survey.pk, "name": survey.name, "start": survey.start,
                      "end": survey.end, "status": survey.status},
            "city": _json(scoring.compute(survey)),
            "units": [{"agency": a.code, "name": a.name, **_json(found)}
                      for a, found in scoring.by_unit(survey)]})
