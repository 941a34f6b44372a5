"""Directing documents, assigned tasks and KPI in the API, over the same check/do functions
as the pages. Each unit sees its own tasks; the assigning office sees all it assigned."""

from django.utils import timezone
from django.utils.decorators import method_decorator
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from directives import actions, kpi, report
from directives.models import Directive, MonthlyKPI, Task, TaskEvent
from directives.scores import OUTCOMES, outcome
from motcua.api import ErrorSerializer, ModelSerializer, Serializer, validated_query
from motcua.dates import DAY_TEXT_MAX, MOMENT_TEXT_MAX
from motcua.db import report_view
from units.access import AGENCY_CODE_MAX, USERNAME_MAX, is_staff_member


class StaffOnly(IsAuthenticated):
    def has_permission(self, request, view):
        return super().has_permission(request, view) and is_staff_member(request.user)


def _body(request):
    data = request.data
    if hasattr(data, "getlist"):  # multipart: lists stay lists
        return {k: (data.getlist(k) if k == "supporting" else data.get(k)) for k in data}
    return data if isinstance(data, dict) else {}


class DirectiveSerializer(ModelSerializer):
    issuer = serializers.CharField(source="issuer.code")
    issuer_name = serializers.CharField(source="issuer.name")
    task_count = serializers.SerializerMethodField()

    class Meta:
        model = Directive
        fields = ["id", "kind", "number", "issued_on", "title", "signer_name", "signer_title",
                  "issuer", "issuer_name", "task_count", "created_at"]

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_task_count(self, directive):
        return getattr(directive, "task_count", None)


class DirectiveRequest(Serializer):
    kind = serializers.ChoiceField(choices=Directive.Kind.choices)
    number = serializers.CharField(max_length=actions.NUMBER_MAX)
    issued_on = serializers.CharField(max_length=DAY_TEXT_MAX, help_text="dd/mm/yyyy or yyyy-mm-dd")
    title = serializers.CharField(max_length=actions.TITLE_MAX)
    signer_name = serializers.CharField(max_length=actions.SIGNER_MAX)
    signer_title = serializers.CharField(max_length=actions.SIGNER_MAX, required=False)
    issuer = serializers.CharField(max_length=actions.AGENCY_REF_MAX, required=False,
                                   help_text="agency code; default: your office")


class Directives(generics.ListAPIView):
    """Directing documents in sight (issued by my office, or assigning tasks to my unit);
    POST records one (the issuing office's leaders and supervisors)."""

    permission_classes = [StaffOnly]
    serializer_class = DirectiveSerializer

    def get_queryset(self):
        from django.db.models import Count

        return actions.directives_for_user(self.request.user).select_related("issuer") \
            .annotate(task_count=Count("tasks", distinct=True)).order_by("-issued_on", "-id")

    @extend_schema(request=DirectiveRequest, responses={201: DirectiveSerializer,
                                                        400: ErrorSerializer})
    def post(self, request):
        directive = actions.do_create_directive(
            actions.check_directive(request.user, _body(request), request.FILES.get("file")),
            request.user)
        return Response(DirectiveSerializer(directive).data, status=status.HTTP_201_CREATED)


class DirectiveDetail(generics.RetrieveAPIView):
    permission_classes = [StaffOnly]
    serializer_class = DirectiveSerializer

    def get_object(self):
        from django.http import Http404

        found = actions.directives_for_user(self.request.user).select_related("issuer") \
            .filter(pk=self.kwargs["pk"]).first()
        if found is None:
            raise Http404
        return found


class TaskSerializer(ModelSerializer):
    directive = serializers.IntegerField(source="directive_id")
    directive_number = serializers.CharField(source="directive.number")
    parent = serializers.CharField(source="parent.code", default=None)
    lead = serializers.CharField(source="lead.code")
    lead_name = serializers.CharField(source="lead.name")
    supporting = serializers.SerializerMethodField()
    assignee = serializers.CharField(source="assignee.username", default=None)
    outcome = serializers.SerializerMethodField()

    class Meta:
        model = Task
        fields = ["code", "directive", "directive_number", "parent", "content", "lead",
                  "lead_name", "supporting", "assignee", "category", "priority", "status",
                  "outcome", "progress", "recurrence", "period_label", "due_at",
                  "original_due_at", "warn_at", "overdue_since", "assigned_at", "completed_at",
                  "closed_at", "result_summary"]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_supporting(self, task):
        return [a.code for a in task.supporting.all()]

    @extend_schema_field(serializers.ChoiceField(choices=OUTCOMES))
    def get_outcome(self, task):
        return outcome(task)


class TaskRequest(Serializer):
    directive = serializers.IntegerField(min_value=1)
    content = serializers.CharField(max_length=actions.CONTENT_MAX)
    lead = serializers.CharField(max_length=actions.AGENCY_REF_MAX,
                                 help_text="agency code or name")
    supporting = serializers.ListField(
        child=serializers.CharField(max_length=actions.AGENCY_REF_MAX), required=False,
        max_length=actions.SUPPORTING_MAX)
    due_days = serializers.IntegerField(required=False, min_value=1,
                                        max_value=actions.DUE_DAYS_MAX,
                                        help_text="working days from now")
    due_on = serializers.CharField(required=False, max_length=DAY_TEXT_MAX,
                                   help_text="deadline date, dd/mm/yyyy")
    recurrence = serializers.ChoiceField(choices=Task.Recurrence.choices, required=False)
    until = serializers.CharField(required=False, max_length=DAY_TEXT_MAX,
                                  help_text="last occurrence, dd/mm/yyyy")
    category = serializers.ChoiceField(choices=Task.Category.choices, required=False)
    priority = serializers.ChoiceField(choices=Task.Priority.choices, required=False)
    assignee = serializers.CharField(required=False, max_length=USERNAME_MAX,
                                     help_text="username in the lead unit")


class TaskQuery(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=OUTCOMES, required=False)
    unit = serializers.CharField(required=False, max_length=AGENCY_CODE_MAX)
    directive = serializers.IntegerField(required=False)
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)
    mine = serializers.BooleanField(required=False, default=False)


def _filters(request):
    params = validated_query(TaskQuery, request)
    unit = actions.find_agency(params["unit"]) if params.get("unit") else None
    directive = Directive.objects.filter(pk=params["directive"]).first() \
        if params.get("directive") else None
    return params, unit, directive


class Tasks(generics.ListAPIView):
    """Tasks in sight, most urgent first; POST assigns a task of a directing document (each
    occurrence of a recurring report is its own task: all are returned)."""

    permission_classes = [StaffOnly]
    serializer_class = TaskSerializer

    @extend_schema(parameters=[TaskQuery])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        params, unit, directive = _filters(self.request)
        qs = report.drilldown(self.request.user, outcome=params.get("outcome"), unit=unit,
                              directive=directive, year=params.get("year"))
        if params.get("mine"):
            qs = qs.filter(assignee=self.request.user)
        return qs.select_related("parent", "assignee").prefetch_related("supporting")

    @extend_schema(request=TaskRequest, responses={201: TaskSerializer(many=True),
                                                   400: ErrorSerializer, 403: ErrorSerializer})
    def post(self, request):
        created = actions.do_create_tasks(actions.check_new_task(request.user, _body(request)),
                                          request.user)
        return Response(TaskSerializer(created, many=True).data, status=status.HTTP_201_CREATED)


class TaskDetail(generics.RetrieveAPIView):
    permission_classes = [StaffOnly]
    serializer_class = TaskSerializer

    def get_object(self):
        return actions.get_task_for_user(self.request.user, self.kwargs["code"])


class TaskEventSerializer(ModelSerializer):
    agency = serializers.CharField(source="agency.code", default=None)

    class Meta:
        model = TaskEvent
        fields = ["seq", "action", "from_status", "to_status", "actor_name", "role", "agency",
                  "at", "note", "data"]


class TaskEvents(generics.ListAPIView):
    permission_classes = [StaffOnly]
    serializer_class = TaskEventSerializer
    pagination_class = None

    def get_queryset(self):
        task = actions.get_task_for_user(self.request.user, self.kwargs["code"])
        return task.events.select_related("agency").order_by("seq")


class TaskActionRequest(Serializer):
    note = serializers.CharField(required=False, max_length=actions.NOTE_MAX)
    percent = serializers.IntegerField(required=False, min_value=0, max_value=100,
                                       help_text="report")
    text = serializers.CharField(required=False, max_length=actions.REPORT_MAX,
                                 help_text="report, contribute")
    reason = serializers.CharField(required=False, max_length=actions.NOTE_MAX,
                                   help_text="request_extension, refuse_extension, send_back, "
                                             "cancel")
    new_due = serializers.CharField(required=False, max_length=MOMENT_TEXT_MAX,
                                    help_text="request_extension, grant_extension: dd/mm/yyyy "
                                              "(the end of that office day) or dd/mm/yyyy hh:mm")
    result = serializers.CharField(required=False, max_length=actions.REPORT_MAX,
                                   help_text="propose_done")
    assignee = serializers.CharField(required=False, max_length=USERNAME_MAX,
                                     help_text="put_in_charge, split")
    content = serializers.CharField(required=False, max_length=actions.CONTENT_MAX,
                                    help_text="split: the sub-task")
    lead = serializers.CharField(required=False, max_length=actions.AGENCY_REF_MAX,
                                 help_text="split")
    due_on = serializers.CharField(required=False, max_length=DAY_TEXT_MAX, help_text="split")
    due_days = serializers.IntegerField(required=False, min_value=1,
                                        max_value=actions.DUE_DAYS_MAX, help_text="split")


class TaskConflictSerializer(ErrorSerializer):
    status = serializers.CharField()
    allowed_actions = serializers.ListField(child=serializers.CharField())


class TaskAction(APIView):
    """Act on a task (directives/lifecycle.py says who may do what when). Evidence files and
    the result document go as multipart `files`."""

    permission_classes = [StaffOnly]

    @extend_schema(request=TaskActionRequest,
                   responses={200: TaskSerializer, 400: ErrorSerializer, 403: ErrorSerializer,
                              404: ErrorSerializer, 409: TaskConflictSerializer})
    def post(self, request, code, action):
        try:
            task = actions.do_action(request.user, code, action, _body(request),
                                     request.FILES.getlist("files"))
        except actions.TaskConflict as exc:
            return Response({"error": "conflict", "detail": str(exc), "status": exc.status,
                             "allowed_actions": exc.allowed}, status=status.HTTP_409_CONFLICT)
        task.refresh_from_db()
        return Response(TaskSerializer(task).data)


class SummaryQuery(serializers.Serializer):
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)
    unit = serializers.CharField(required=False, max_length=AGENCY_CODE_MAX)
    directive = serializers.IntegerField(required=False)


class OutcomeCounts(Serializer):
    total = serializers.IntegerField()
    in_time = serializers.IntegerField()
    at_risk = serializers.IntegerField()
    overdue = serializers.IntegerField()
    done_on_time = serializers.IntegerField()
    done_late = serializers.IntegerField()
    cancelled = serializers.IntegerField()
    on_time_rate = serializers.FloatField(allow_null=True, help_text="done on time among "
                                                                     "those due, %")


class UnitCounts(OutcomeCounts):
    unit = serializers.CharField()
    unit_name = serializers.CharField()
    rank = serializers.IntegerField(allow_null=True)
    score = serializers.CharField(allow_null=True, help_text="the latest monthly task score")
    score_period = serializers.CharField()


class DirectiveCounts(OutcomeCounts):
    directive = serializers.IntegerField()
    number = serializers.CharField()
    percent = serializers.IntegerField(help_text="mean progress of its tasks")


class MonthCounts(Serializer):
    month = serializers.CharField()
    due = serializers.IntegerField()
    done_on_time = serializers.IntegerField()
    done_late = serializers.IntegerField()
    overdue = serializers.IntegerField()


class SummarySerializer(Serializer):
    at = serializers.DateTimeField()
    total = OutcomeCounts()
    units = UnitCounts(many=True)
    directives = DirectiveCounts(many=True)
    trend = MonthCounts(many=True)


class TaskSummary(APIView):
    """The supervisors' view: counts by outcome for the scope, per unit (ranked by the task
    score), per directing document, and by month."""

    permission_classes = [StaffOnly]

    @extend_schema(parameters=[SummaryQuery], responses={200: SummarySerializer})
    @method_decorator(report_view)
    def get(self, request):
        params = validated_query(SummaryQuery, request)
        unit = actions.find_agency(params["unit"]) if params.get("unit") else None
        directive = Directive.objects.filter(pk=params["directive"]).first() \
            if params.get("directive") else None
        data = report.summary(request.user, year=params.get("year"), unit=unit,
                              directive=directive)
        return Response({
            "at": data["at"], "total": data["total"],
            "units": [{**{k: v for k, v in row.items() if k != "agency"},
                       "unit": row["agency"].code, "unit_name": row["agency"].name,
                       "score": str(row["score"]) if row["score"] is not None else None}
                      for row in data["units"]],
            "directives": [{**{k: v for k, v in row.items() if k != "directive"},
                            "directive": row["directive"].pk,
                            "number": row["directive"].number} for row in data["directives"]],
            "trend": [{k: v for k, v in row.items() if k != "month"} | {"month": row["month"]}
                      for row in data["trend"]],
        })


class KPISerializer(ModelSerializer):
    user = serializers.CharField(source="user.username")
    agency = serializers.CharField(source="agency.code")

    class Meta:
        model = MonthlyKPI
        fields = ["user", "agency", "month", "measured", "criteria", "qualitative",
                  "leader_comment", "total", "acknowledged_at", "acknowledgement"]


class KPIList(generics.ListAPIView):
    """Monthly KPI: my own months, and for a leader the months of their unit's staff."""

    permission_classes = [StaffOnly]
    serializer_class = KPISerializer

    @extend_schema(parameters=[OpenApiParameter("month", str, description="YYYY-MM")])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        month = self.request.query_params.get("month") or f"{timezone.localdate():%Y-%m}"
        return kpi.visible(self.request.user).filter(month=month[:7]) \
            .select_related("user", "agency")
