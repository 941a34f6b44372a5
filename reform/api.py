"""The reform index's yearly assessment in the API, over reform.assess's read gates and
check_/do_ steps: the office opens, assigns and publishes; units score themselves and answer;
appraisers appraise and settle. Published results are public."""


from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from directives.api import StaffOnly
from motcua.api import ErrorSerializer, ModelSerializer, Serializer, validated_query
from motcua.numbers import NUMBER_TEXT_MAX
from motcua.text import load_json
from reform import assess, cycle
from reform.models import (
    Area,
    Assessment,
    AssessmentEvent,
    Criterion,
    Framework,
    Publication,
    Score,
    SubCriterion,
    UnitAssessment,
)
from units.access import AGENCY_CODE_MAX, USERNAME_MAX

MASKED_UNTIL_SENT = ("decision", "appraised_points", "appraisal_reason")


def _body(request):
    """The JSON body, or a multipart form whose `scores` field holds the JSON and whose files
    are named files.<sub-criterion code>."""
    data = request.data
    if not hasattr(data, "getlist"):
        return data if isinstance(data, dict) else {}
    out = {k: data.get(k) for k in data if not k.startswith("files.")}
    for key in ("scores", "units", "appraisers"):
        if isinstance(out.get(key), str) and out[key].strip().startswith(("{", "[")):
            try:
                out[key] = load_json(out[key])
            except ValueError:
                raise ValidationError({key: _("%(field)s is not valid JSON.")
                                       % {"field": key}}) from None
    return out


def _files(request):
    return {key.removeprefix("files."): request.FILES.getlist(key) for key in request.FILES
            if key.startswith("files.")}


def _conflict(exc):
    return Response({"error": "conflict", "detail": str(exc)}, status=status.HTTP_409_CONFLICT)


class AssessmentSerializer(ModelSerializer):
    year = serializers.IntegerField(source="framework.year")
    unit_type = serializers.CharField(source="framework.unit_type")
    framework_name = serializers.CharField(source="framework.name")

    class Meta:
        model = Assessment
        fields = ["id", "year", "unit_type", "framework", "framework_name", "status",
                  "opened_at", "self_days", "self_due", "appraisal_days", "appraisal_due",
                  "answer_days", "version", "published_at"]


def _step_days(help_text):
    return serializers.IntegerField(min_value=1, max_value=assess.MAX_STEP_DAYS,
                                    help_text=help_text)


class OpenRequest(Serializer):
    framework = serializers.IntegerField(min_value=1)
    self_days = _step_days("working days")
    appraisal_days = _step_days("working days after the self-assessment is due")
    answer_days = _step_days("working days a unit has to answer")
    units = serializers.ListField(child=serializers.CharField(max_length=AGENCY_CODE_MAX),
                                  required=False, max_length=assess.MAX_UNITS,
                                  help_text="agency codes; default: every unit of the type")


class Assessments(generics.ListAPIView):
    """Assessments in sight (all for the Department of Home Affairs; a unit's and an
    appraiser's own; published ones); POST opens one (the Department of Home Affairs)."""

    permission_classes = [StaffOnly]
    serializer_class = AssessmentSerializer

    def get_queryset(self):
        return assess.assessments_for_user(self.request.user)

    @extend_schema(request=OpenRequest, responses={201: AssessmentSerializer,
                                                   400: ErrorSerializer, 403: ErrorSerializer})
    def post(self, request):
        assessment = assess.do_open(assess.check_open(request.user, _body(request)),
                                    request.user)
        return Response(AssessmentSerializer(assessment).data, status=status.HTTP_201_CREATED)


class AssessmentDetail(generics.RetrieveAPIView):
    permission_classes = [StaffOnly]
    serializer_class = AssessmentSerializer

    def get_object(self):
        return assess.get_assessment_for_user(self.request.user, self.kwargs["pk"])


class UnitAssessmentSerializer(ModelSerializer):
    agency = serializers.CharField(source="agency.code")
    agency_name = serializers.CharField(source="agency.name")
    appraisers = serializers.SlugRelatedField(many=True, read_only=True, slug_field="username")

    class Meta:
        model = UnitAssessment
        fields = ["agency", "agency_name", "status", "appraisers", "submitted_at",
                  "appraised_at", "answer_due", "settled_at", "survey", "survey_source",
                  "appraised", "total"]


class Units(generics.ListAPIView):
    """The units' assessments in sight: before publication a unit sees its own, an appraiser
    the units assigned, the office all."""

    permission_classes = [StaffOnly]
    serializer_class = UnitAssessmentSerializer

    def get_queryset(self):
        assessment = assess.get_assessment_for_user(self.request.user, self.kwargs["pk"])
        return assess.units_for_user(self.request.user, assessment) \
            .prefetch_related("appraisers").order_by("agency__name")


class ScoreSerializer(ModelSerializer):
    code = serializers.CharField(source="sub.code")
    name = serializers.CharField(source="sub.name")
    max_points = serializers.DecimalField(source="sub.max_points", max_digits=6,
                                          decimal_places=2)
    method = serializers.CharField(source="sub.method")
    rule = serializers.CharField(source="sub.rule")
    evidence = serializers.CharField(source="sub.evidence")
    evidence_min = serializers.IntegerField(source="sub.evidence_min")
    files = serializers.SerializerMethodField()

    class Meta:
        model = Score
        fields = ["code", "name", "max_points", "method", "rule", "evidence", "evidence_min",
                  "value", "self_points", "explanation", "links", "files", "measured",
                  "decision", "appraised_points", "appraisal_reason", "answer", "answered_at",
                  "final_points", "settle_reason"]

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_files(self, score):
        return [{"id": f.pk, "name": f.name, "for_answer": f.for_answer,
                 "url": f"/can-bo/cai-cach/tep/{f.pk}/"} for f in score.files.all()]

    def to_representation(self, score):
        data = super().to_representation(score)
        if self.context.get("masked"):
            data.update({k: None if k != "decision" else "" for k in MASKED_UNTIL_SENT})
            data["appraisal_reason"] = ""
        return data


class UnitAssessmentDetailSerializer(UnitAssessmentSerializer):
    scores = serializers.SerializerMethodField()
    result = serializers.SerializerMethodField()
    allowed_actions = serializers.SerializerMethodField()

    class Meta(UnitAssessmentSerializer.Meta):
        fields = [*UnitAssessmentSerializer.Meta.fields, "scores", "result", "allowed_actions"]

    @extend_schema_field(ScoreSerializer(many=True))
    def get_scores(self, unit):
        scores = unit.scores.select_related("sub__criterion__area").prefetch_related("files")
        return ScoreSerializer(scores, many=True, context={"masked": masked(
            self.context["request"].user, unit)}).data

    @extend_schema_field(serializers.DictField())
    def get_result(self, unit):
        if masked(self.context["request"].user, unit):
            return None
        found = assess.result(unit)
        return {k: (str(v) if not isinstance(v, (bool, list)) else v) for k, v in found.items()
                if k != "areas"} | {"areas": [[n, name, str(p), str(m)]
                                              for n, name, p, m in found["areas"]]}

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_allowed_actions(self, unit):
        return assess.available(self.context["request"].user, unit)


def masked(user, unit):
    """An appraisal in progress is the appraiser's and the office's until it is sent."""
    return unit.status == UnitAssessment.Status.SUBMITTED and not (
        {cycle.APPRAISER, cycle.OFFICE} & assess.roles(user, unit))


class UnitDetail(generics.RetrieveAPIView):
    permission_classes = [StaffOnly]
    serializer_class = UnitAssessmentDetailSerializer

    def get_object(self):
        return assess.get_unit_for_user(self.request.user, self.kwargs["pk"],
                                        self.kwargs["agency"])


class ScoreFields(Serializer):
    points = serializers.CharField(required=False, max_length=NUMBER_TEXT_MAX,
                                   help_text="save, appraise, settle")
    value = serializers.CharField(required=False, max_length=NUMBER_TEXT_MAX,
                                  help_text="save: the figure (%, or a count for deductions)")
    explanation = serializers.CharField(required=False, max_length=assess.MAX_TEXT,
                                        help_text="save")
    links = serializers.ListField(child=serializers.CharField(max_length=assess.MAX_LINK),
                                  required=False, max_length=assess.MAX_LINKS,
                                  help_text="save: task or dossier codes, http(s) addresses")
    decision = serializers.ChoiceField(choices=Score.Decision.choices, required=False,
                                       help_text="appraise")
    reason = serializers.CharField(required=False, max_length=assess.MAX_TEXT,
                                   help_text="appraise, settle")
    answer = serializers.CharField(required=False, max_length=assess.MAX_TEXT,
                                   help_text="answer")


class StepRequest(Serializer):
    scores = serializers.DictField(child=ScoreFields(), required=False,
                                   help_text="{sub-criterion code: fields}")
    reason = serializers.CharField(required=False, max_length=assess.MAX_TEXT,
                                   help_text="reopen")


class UnitAction(APIView):
    """A step of a unit's assessment (reform/cycle.py says who may take which when). Evidence
    files go as multipart `files.<sub-criterion code>`, with `scores` as a JSON field."""

    permission_classes = [StaffOnly]

    @extend_schema(request=StepRequest,
                   responses={200: UnitAssessmentDetailSerializer, 400: ErrorSerializer,
                              403: ErrorSerializer, 404: ErrorSerializer,
                              409: ErrorSerializer})
    def post(self, request, pk, agency, action):
        try:
            unit = assess.do_action(request.user, pk, agency, action, _body(request),
                                    _files(request))
        except assess.Conflict as exc:
            return _conflict(exc)
        return Response(UnitAssessmentDetailSerializer(unit, context={"request": request}).data)


class AppraisersRequest(Serializer):
    appraisers = serializers.ListField(child=serializers.CharField(max_length=USERNAME_MAX),
                                       max_length=assess.MAX_APPRAISERS, help_text="usernames")


class Appraisers(APIView):
    """The appraisers of a unit (the Department of Home Affairs assigns them)."""

    permission_classes = [StaffOnly]

    @extend_schema(request=AppraisersRequest, responses={200: UnitAssessmentSerializer,
                                                         400: ErrorSerializer,
                                                         403: ErrorSerializer,
                                                         409: ErrorSerializer})
    def put(self, request, pk, agency):
        unit = assess.get_unit_for_user(request.user, pk, agency)
        names = _body(request).get("appraisers")
        try:
            people = assess.check_appraisers(request.user, unit,
                                             names if isinstance(names, list) else [])
        except assess.Conflict as exc:
            return _conflict(exc)
        assess.do_assign(unit, people, request.user)
        return Response(UnitAssessmentSerializer(unit).data)


class SurveyRequest(Serializer):
    percent = serializers.CharField(max_length=NUMBER_TEXT_MAX,
                                    help_text="the unit's satisfaction, 0–100; empty clears it")
    source = serializers.CharField(required=False, max_length=assess.MAX_SOURCE,
                                   help_text="e.g. SIPAS 2026")


class Survey(APIView):
    """The survey result of a unit, its survey component (the Department of Home Affairs)."""

    permission_classes = [StaffOnly]

    @extend_schema(request=SurveyRequest, responses={200: UnitAssessmentSerializer,
                                                     400: ErrorSerializer,
                                                     403: ErrorSerializer,
                                                     409: ErrorSerializer})
    def post(self, request, pk, agency):
        unit = assess.get_unit_for_user(request.user, pk, agency)
        try:
            unit = assess.do_survey(unit, assess.check_survey(request.user, unit,
                                                              _body(request)), request.user)
        except assess.Conflict as exc:
            return _conflict(exc)
        return Response(UnitAssessmentSerializer(unit).data)


class ReformEventSerializer(ModelSerializer):
    agency = serializers.CharField(source="unit.agency.code", default=None)

    class Meta:
        model = AssessmentEvent
        fields = ["seq", "action", "agency", "from_status", "to_status", "actor_name", "at",
                  "note", "data"]


class Events(generics.ListAPIView):
    """The cycle's events in sight: the assessment's own and those of the units in sight."""

    permission_classes = [StaffOnly]
    serializer_class = ReformEventSerializer
    pagination_class = None

    def get_queryset(self):
        assessment = assess.get_assessment_for_user(self.request.user, self.kwargs["pk"])
        units = assess.units_for_user(self.request.user, assessment).values("pk")
        from django.db.models import Q

        return assessment.events.filter(Q(unit__isnull=True) | Q(unit__in=units)) \
            .select_related("unit__agency").order_by("seq")


class PublishRequest(Serializer):
    reason = serializers.CharField(required=False, max_length=assess.MAX_TEXT,
                                   help_text="required from the second version")


class ReformPublicationSerializer(ModelSerializer):
    year = serializers.IntegerField(source="assessment.framework.year")
    unit_type = serializers.CharField(source="assessment.framework.unit_type")

    class Meta:
        model = Publication
        fields = ["year", "unit_type", "version", "published_at", "reason", "results"]


class Publish(APIView):
    permission_classes = [StaffOnly]

    @extend_schema(request=PublishRequest, responses={201: ReformPublicationSerializer,
                                                      400: ErrorSerializer,
                                                      403: ErrorSerializer})
    def post(self, request, pk):
        assessment = assess.get_assessment_for_user(request.user, pk)
        publication = assess.do_publish(
            assessment, assess.check_publish(request.user, assessment, _body(request)),
            request.user)
        return Response(ReformPublicationSerializer(publication).data,
                        status=status.HTTP_201_CREATED)


class ResultsQuery(serializers.Serializer):
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)
    unit_type = serializers.ChoiceField(choices=Framework.UnitType.choices, required=False)
    version = serializers.IntegerField(required=False, min_value=1,
                                       help_text="an earlier version of one year")


class Results(APIView):
    """Published reform index results with their rankings, public: the current version of
    each year (the history), or one year's given version."""

    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(parameters=[OpenApiParameter("year", int), OpenApiParameter("unit_type", str),
                               OpenApiParameter("version", int)],
                   responses={200: ReformPublicationSerializer(many=True), 400: ErrorSerializer})
    def get(self, request):
        query = validated_query(ResultsQuery, request)
        if query.get("version"):
            qs = Publication.objects.select_related("assessment__framework").filter(
                version=query["version"])
            if query.get("year"):
                qs = qs.filter(assessment__framework__year=query["year"])
            if query.get("unit_type"):
                qs = qs.filter(assessment__framework__unit_type=query["unit_type"])
            rows = list(qs)
        else:
            rows = [p for p in assess.latest_publications(query.get("unit_type"))
                    if not query.get("year") or p.assessment.framework.year == query["year"]]
        return Response(ReformPublicationSerializer(rows, many=True).data)


class SurveyFrom(APIView):
    """Each unit's SIPAS in a survey round becomes its survey component."""

    permission_classes = [StaffOnly]

    @extend_schema(request=None, responses={200: UnitAssessmentSerializer(many=True),
                                            403: ErrorSerializer, 409: ErrorSerializer})
    def post(self, request, pk, survey):
        from django.shortcuts import get_object_or_404

        from surveys.models import Survey as Round

        assessment = assess.get_assessment_for_user(request.user, pk)
        found = get_object_or_404(Round, pk=survey)
        try:
            assess.do_survey_from(request.user, assessment, found)
        except assess.Conflict as exc:
            return _conflict(exc)
        return Response(UnitAssessmentSerializer(assessment.units.select_related("agency")
                                                 .prefetch_related("appraisers"),
                                                 many=True).data)


class SubCriterionSerializer(ModelSerializer):
    code = serializers.CharField()

    class Meta:
        model = SubCriterion
        fields = ["code", "number", "name", "max_points", "method", "rule", "target", "bands",
                  "deduction", "measure", "evidence", "evidence_min"]


class CriterionSerializer(ModelSerializer):
    sub_criteria = SubCriterionSerializer(many=True)

    class Meta:
        model = Criterion
        fields = ["number", "name", "sub_criteria"]


class AreaSerializer(ModelSerializer):
    criteria = CriterionSerializer(many=True)

    class Meta:
        model = Area
        fields = ["number", "name", "criteria"]


class FrameworkSerializer(ModelSerializer):
    areas = AreaSerializer(many=True)
    problems = serializers.SerializerMethodField()

    class Meta:
        model = Framework
        fields = ["id", "year", "unit_type", "name", "source", "copied_from", "areas",
                  "problems"]

    @extend_schema_field(serializers.ListField(child=serializers.ListField(
        child=serializers.CharField())))
    def get_problems(self, framework):
        from reform.actions import problems

        return problems(framework)


class Frameworks(generics.ListAPIView):
    """The frameworks of every year and unit type, whole: fields, criteria, sub-criteria with
    their points and rules, and what keeps one from being used."""

    permission_classes = [StaffOnly]
    serializer_class = FrameworkSerializer

    def get_queryset(self):
        return Framework.objects.prefetch_related(
            "areas__criteria__sub_criteria__criterion__area").order_by("-year", "unit_type")


class FrameworkDetail(generics.RetrieveAPIView):
    permission_classes = [StaffOnly]
    serializer_class = FrameworkSerializer
    queryset = Framework.objects.prefetch_related(
        "areas__criteria__sub_criteria__criterion__area")
