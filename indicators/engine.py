"""The Decision 766 index computed from the system's own data (DOMAIN.md §5).

Each indicator is a small class giving a numerator and a denominator for a set of agencies and a
period; points follow from the configuration (indicators/config.py): with a target T, a ratio
R ≥ T gives the maximum, else R × max ÷ T; without one, R × max.

The counting is done once per period, per agency, by a few grouped queries (`Facts`), and
every scope (the province, a department, a commune) adds up the agencies it covers, so the
whole province, all its departments and all its communes cost the same queries as one unit.

Rules for dossiers (indicator 2.1 and those built on it):
- a dossier belongs to the period in which its processing ended: resolved (9), else
  refused, stopped or withdrawn after reception (`finished_at`); one still open at the end of
  the period belongs to the period in which its due date (766 reading, `index_due_at`, supplement
  pauses added) falls, and is late;
- on time: ended no later than `index_due_at`, with at most one supplement request;
- the other dossier indicators count dossiers received in the period.
"""

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils import timezone

from catalog.models import Component, Fee, Procedure, PublicationItem
from dossiers.models import Dossier, DossierDocument, FeeLine
from feedback.models import Level, Petition, Rating
from indicators import config
from payments.models import Payment
from results.models import Result
from sync.models import DossierSync
from units.models import Agency
from workcalendar import calendars

POPULATION_DB = "Cơ sở dữ liệu quốc gia về dân cư"


# ----------------------------------------------------------------------------- facts


FLAGS = ("has_fees", "has_result", "digitised", "reused", "from_store", "disliked",
         "complained")


def _annotated_flags():
    """The flags as the annotations of period_dossiers (row by row: the drill-down)."""
    return {name: Q(**{name: True}) for name in FLAGS}


def _dossier_measures(start, end, flags=None):
    flags = flags or _annotated_flags()
    received = Q(received_at__gte=start)
    ended = Q(finished_at__gte=start, finished_at__lt=end)
    open_due = (Q(finished_at__isnull=True) | Q(finished_at__gte=end)) & \
        Q(index_due_at__gte=start, index_due_at__lt=end)
    on_time = ended & Q(finished_at__lte=F("index_due_at"), supplement_rounds__lte=1)
    eligible = received & Q(procedure__online_level="full")
    fees = received & flags["has_fees"]
    decided = ended & ~Q(result="")
    unhappy = flags["disliked"] | flags["complained"]
    return {
        "received": received,
        "judged": ended | open_due,
        "ended": ended,
        "on_time": on_time,
        "unhappy": (ended | open_due) & unhappy,
        "online_eligible": eligible,
        "online_full": eligible & Q(channel=2),
        "synced": received & Q(national_sync__state=DossierSync.State.SYNCED),
        "with_fees": fees,
        "paid_online": fees & Q(paid_online=True),
        "decided": decided,
        "e_result": decided & flags["has_result"],
        "digitised": received & flags["digitised"],
        "reused": received & flags["reused"],
        "from_store": received & flags["from_store"],
    }


# The measures of the grouped count, over the columns of the inner query (`_aggregate`). The
# drill-down reads the same rules as Q objects (_dossier_measures); a test checks they agree.
ENDED = "(finished_at >= %(start)s AND finished_at < %(end)s)"
OPEN_DUE = ("((finished_at IS NULL OR finished_at >= %(end)s) AND index_due_at >= %(start)s "
            "AND index_due_at < %(end)s)")
RECEIVED = "(received_at >= %(start)s)"
MEASURES_SQL = {
    "received": RECEIVED,
    "ended": ENDED,
    "judged": f"({ENDED} OR {OPEN_DUE})",
    "on_time": f"({ENDED} AND finished_at <= index_due_at AND supplement_rounds <= 1)",
    "unhappy": f"(({ENDED} OR {OPEN_DUE}) AND (disliked OR complained))",
    "online_eligible": f"({RECEIVED} AND online_level = 'full')",
    "online_full": f"({RECEIVED} AND online_level = 'full' AND channel = 2)",
    "synced": f"({RECEIVED} AND sync_state = 'synced')",
    "with_fees": f"({RECEIVED} AND has_fees)",
    "paid_online": f"({RECEIVED} AND has_fees AND paid_online)",
    "decided": f"({ENDED} AND result <> '')",
    "e_result": f"({ENDED} AND result <> '' AND has_result)",
    "digitised": f"({RECEIVED} AND digitised)",
    "reused": f"({RECEIVED} AND reused)",
    "from_store": f"({RECEIVED} AND from_store)",
}


def _aggregate(start, end):
    """One pass: the period's dossiers with their flags computed once each (inner query, built
    by the ORM), counted per agency by the measures (outer query)."""
    inner = period_dossiers(start, end).order_by().values(
        "agency_id", "received_at", "finished_at", "index_due_at", "supplement_rounds",
        "channel", "paid_online", "result", *FLAGS,
        online_level=F("procedure__online_level"), sync_state=F("national_sync__state"))
    inner_sql, inner_params = inner.query.sql_with_params()
    if connection.vendor == "postgresql":
        span = "EXTRACT(EPOCH FROM (finished_at - received_at))"
    else:
        span = "(julianday(finished_at) - julianday(received_at)) * 86400"
    bounds = {"start": connection.ops.adapt_datetimefield_value(start),
              "end": connection.ops.adapt_datetimefield_value(end)}
    params = []

    def positional(template):
        """%(start)s/%(end)s → %s, their values appended in order of appearance."""
        for name in re.findall(r"%\((start|end)\)s", template):
            params.append(bounds[name])
        return re.sub(r"%\((?:start|end)\)s", "%s", template)

    columns = ", ".join(f"COUNT(*) FILTER (WHERE {positional(sql)}) AS {name}"
                        for name, sql in MEASURES_SQL.items())
    ended = positional(ENDED)
    # MATERIALIZED keeps the inner query apart: flattened, each flag's EXISTS would be
    # evaluated again in every measure that reads it.
    sql = (f"WITH d AS MATERIALIZED ({inner_sql}) "
           f"SELECT agency_id, {columns}, SUM({span}) FILTER (WHERE {ended}) AS span_seconds "
           f"FROM d GROUP BY agency_id")
    params[:0] = inner_params  # the inner query's placeholders come first now
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One big scan: compiling it (JIT) costs more than it saves, and the grouping
            # sort fits in memory with a little more than the default.
            cursor.execute("SET LOCAL jit = off")
            cursor.execute("SET LOCAL work_mem = '64MB'")
        cursor.execute(sql, params)
        names = [c[0] for c in cursor.description]
        rows = cursor.fetchall()
    for row in rows:
        values = dict(zip(names, row))
        values["span_seconds"] = int(values["span_seconds"] or 0)
        yield values


def _docs(**flags):
    return Exists(DossierDocument.objects.filter(dossier_id=OuterRef("pk"), **flags)
                  .exclude(source=DossierDocument.Source.RESULT))


def _period_base(start, end):
    """The dossiers a period's indicators may count."""
    return (Dossier.objects.filter(received_at__isnull=False, received_at__lt=end)
            .filter(Q(received_at__gte=start) | Q(finished_at__gte=start, finished_at__lt=end)
                    | Q(index_due_at__gte=start, index_due_at__lt=end)))


def period_dossiers(start, end):
    """The period's dossiers with their flags as annotations (the drill-down, row by row)."""
    return (_period_base(start, end)
            .annotate(
                has_fees=Exists(FeeLine.objects.filter(dossier_id=OuterRef("pk"), exempt=False,
                                                       amount__gt=0)),
                has_result=Exists(Result.objects.filter(dossier_id=OuterRef("pk"),
                                                        revoked_at__isnull=True)),
                digitised=_docs(digitisation_code__gt=""),
                reused=_docs(reused=True),
                from_store=_docs(from_store=True),
                disliked=Exists(Rating.objects.filter(dossier_id=OuterRef("pk"),
                                                      overall=Level.DISSATISFIED)),
                complained=Exists(Petition.objects.filter(
                    dossier_id=OuterRef("pk"), kind=Petition.Kind.COMPLAINT))))


@dataclass
class Facts:
    """Per-agency counts for one period: {agency_id: {measure: n}}."""

    period: object
    dossiers: dict = field(default_factory=lambda: defaultdict(lambda: defaultdict(int)))
    procedures_paid_online: dict = field(default_factory=lambda: defaultdict(set))
    memo: dict = field(default_factory=dict)  # procedure counts shared by scopes of a kind

    @classmethod
    def gather(cls, period):
        facts = cls(period)
        start, end = period.start, period.end
        for row in _aggregate(start, end):
            counts = facts.dossiers[row.pop("agency_id")]
            for name, value in row.items():
                counts[name] += value or 0
        facts._population(start, end)
        facts._petitions(start, end)
        for agency_id, procedure_id in (Payment.objects.filter(
                status=Payment.Status.PAID, platform__isnull=False, paid_at__gte=start,
                paid_at__lt=end).values_list("dossier__agency_id", "dossier__procedure_id")
                .distinct()):
            facts.procedures_paid_online[agency_id].add(procedure_id)
        return facts

    def _population(self, start, end):
        """Dossiers that consulted the population database (their `consulted` list)."""
        received = Dossier.objects.filter(received_at__gte=start, received_at__lt=end)
        if connection.vendor == "postgresql":
            rows = received.filter(consulted__contains=[POPULATION_DB]) \
                .values("agency_id").annotate(n=Count("pk")).values_list("agency_id", "n")
        else:  # SQLite stores JSON escaped: read the lists
            counts = defaultdict(int)
            for agency_id, consulted in received.exclude(consulted=[]) \
                    .values_list("agency_id", "consulted").iterator():
                counts[agency_id] += POPULATION_DB in (consulted or [])
            rows = counts.items()
        for agency_id, n in rows:
            self.dossiers[agency_id]["population"] += n

    def _petitions(self, start, end):
        closed = Q(closed_at__gte=start, closed_at__lt=end)
        open_due = Q(closed_at__isnull=True) & Q(due_at__gte=start, due_at__lt=end) & \
            ~Q(status=Petition.Status.MORE_INFO)
        rated = Q(satisfaction_at__gte=start, satisfaction_at__lt=end)
        rows = Petition.objects.filter(closed | open_due | rated).values("agency_id").annotate(
            petitions=Count("pk", filter=closed | open_due),
            petitions_on_time=Count("pk", filter=closed & Q(on_time=True)),
            petitions_rated=Count("pk", filter=rated),
            petitions_satisfied=Count("pk", filter=rated & Q(satisfaction=Level.SATISFIED)))
        for row in rows:
            counts = self.dossiers[row.pop("agency_id")]
            for name, value in row.items():
                counts[name] += value

    def total(self, agency_ids, name):
        if agency_ids is None:
            return sum(c[name] for c in self.dossiers.values())
        return sum(self.dossiers[a][name] for a in agency_ids if a in self.dossiers)


# ----------------------------------------------------------------------------- scopes


@dataclass
class Scope:
    """The province, a department or a commune: its agency, and the agencies it covers
    (None: every agency of the province)."""

    agency: Agency
    agency_ids: set | None

    @property
    def kind(self):
        return {Agency.Kind.PROVINCE_COMMITTEE: "province",
                Agency.Kind.COMMUNE_COMMITTEE: "commune"}.get(self.agency.kind, "department")


def scope_for(agency, tree=None):
    if agency.kind == Agency.Kind.PROVINCE_COMMITTEE:
        return Scope(agency, None)
    tree = tree if tree is not None else children_map()
    ids, frontier = {agency.pk}, [agency.pk]
    while frontier:
        frontier = [c for p in frontier for c in tree.get(p, ())]
        ids.update(frontier)
    return Scope(agency, ids)


def children_map():
    tree = defaultdict(list)
    for pk, parent in Agency.objects.exclude(parent__isnull=True).values_list("pk", "parent_id"):
        tree[parent].append(pk)
    return tree


# ----------------------------------------------------------------------------- indicators


class Indicator:
    id = ""
    numerator = denominator = ""

    def __init__(self, row):
        self.row = row

    def counts(self, facts, scope):
        return facts.total(scope.agency_ids, self.numerator), \
            facts.total(scope.agency_ids, self.denominator)


class DossierShare(Indicator):
    pass


def _make(ident, numerator, denominator, base=DossierShare):
    return type(f"Indicator_{ident.replace('.', '_')}", (base,),
                {"id": ident, "numerator": numerator, "denominator": denominator})


class Satisfaction54(Indicator):
    """5.4 = 100 % − (share of late dossiers + share of dossiers with a complaint or a
    dislike); the numerator shown is the dossiers neither late nor complained of."""

    id = "5.4"

    def counts(self, facts, scope):
        judged = facts.total(scope.agency_ids, "judged")
        late = judged - facts.total(scope.agency_ids, "on_time")
        unhappy = facts.total(scope.agency_ids, "unhappy")
        return max(judged - late - unhappy, 0), judged


class ProcedureIndicator(Indicator):
    """Counts over the procedures a scope applies: all of them for the province, the
    commune-level ones for a commune (the same for every commune: counted once), the
    department's own for a department."""

    def counts(self, facts, scope):
        if scope.kind == "department":
            return self.count(facts, scope)
        key = (self.id, scope.kind)
        if key not in facts.memo:
            facts.memo[key] = self.count(facts, scope)
        return facts.memo[key]

    def procedures(self, scope):
        qs = Procedure.objects.filter(abolished_on__isnull=True)
        if scope.kind == "commune":
            return qs.filter(level="commune")
        if scope.kind == "department":
            return qs.filter(agency_id__in=scope.agency_ids)
        return qs


class Published13(ProcedureIndicator):
    id = "1.3"

    def count(self, facts, scope):
        qs = self.procedures(scope)
        return qs.filter(fully_published=True).count(), qs.count()


class Decisions(ProcedureIndicator):
    """1.1: the decision publishing a procedure signed at least 5 working days before it takes
    effect; 1.2: publicised within 5 working days of signature. Counted per decision item
    signed in the period."""

    DAYS = 5

    def count(self, facts, scope):
        items = PublicationItem.objects.filter(
            decision__signed_on__gte=facts.period.first, decision__signed_on__lte=facts.period.last,
            procedure__in=self.procedures(scope)).select_related("decision")
        good = total = 0
        for item in items:
            total += 1
            good += self.on_time(item.decision)
        return good, total

    def _working_days(self, first, last):
        rules, days, day = calendars.YearlyRules(), 0, first
        while day < last:
            day = day + dt.timedelta(days=1)
            days += rules.off(day) is None
        return days


class Published11(Decisions):
    id = "1.1"

    def on_time(self, decision):
        return self._working_days(decision.signed_on, decision.effective_on) >= self.DAYS


class Publicised12(Decisions):
    id = "1.2"

    def on_time(self, decision):
        return decision.publicised_on is not None and \
            self._working_days(decision.signed_on, decision.publicised_on) <= self.DAYS


class FeesOnline35a(ProcedureIndicator):
    id = "3.5a"

    def with_fees(self, facts, scope):
        return self.procedures(scope).filter(
            Exists(Fee.objects.filter(procedure_id=OuterRef("pk"), amount__gt=0,
                                      valid_from__lte=facts.period.last))).distinct()

    def count(self, facts, scope):
        qs = self.with_fees(facts, scope)
        return qs.exclude(online_level="none").count(), qs.count()


class PaidOnline35b(FeesOnline35a):
    id = "3.5b"

    def counts(self, facts, scope):
        key = ("procedures with fees", scope.kind,
               scope.agency.pk if scope.kind == "department" else None)
        if key not in facts.memo:
            facts.memo[key] = set(self.with_fees(facts, scope).values_list("pk", flat=True))
        with_fees = facts.memo[key]
        agencies = scope.agency_ids if scope.agency_ids is not None \
            else facts.procedures_paid_online
        paid = set().union(set(), *(facts.procedures_paid_online.get(a, set())
                                    for a in agencies))
        return len(with_fees & paid), len(with_fees)


class Population45a(ProcedureIndicator):
    id = "4.5a"

    def count(self, facts, scope):
        qs = self.procedures(scope)
        uses = Exists(Component.objects.filter(procedure_id=OuterRef("pk"), replaced_by_data=True,
                                               data_source=POPULATION_DB))
        return qs.filter(uses).count(), qs.count()


class NotMeasured(Indicator):
    """Electronic certified copies (4.2b): not handled by MotCua yet, so nothing to count."""

    def counts(self, facts, scope):
        return 0, 0


CLASSES = {
    "1.1": Published11, "1.2": Publicised12, "1.3": Published13,
    "1.4": _make("1.4", "synced", "received"),
    "2.1": _make("2.1", "on_time", "judged"),
    "3.1": _make("3.1", "online_full", "online_eligible"),
    "3.5a": FeesOnline35a, "3.5b": PaidOnline35b,
    "3.6": _make("3.6", "paid_online", "with_fees"),
    "4.1": _make("4.1", "e_result", "decided"),
    "4.2": _make("4.2", "digitised", "received"),
    "4.2b": type("Indicator_4_2b", (NotMeasured,), {"id": "4.2b"}),
    "4.3": _make("4.3", "reused", "received"),
    "4.4": _make("4.4", "from_store", "received"),
    "4.5a": Population45a,
    "4.5b": _make("4.5b", "population", "received"),
    "5.2": _make("5.2", "petitions_on_time", "petitions"),
    "5.3": _make("5.3", "petitions_satisfied", "petitions_rated"),
    "5.4": Satisfaction54,
}


# ----------------------------------------------------------------------------- the index


def points(numerator, denominator, row, when_empty):
    if not denominator:
        return Decimal(row["max"]) if when_empty == "full" else Decimal(0), None
    ratio = Decimal(numerator) / Decimal(denominator)
    target = row.get("target")
    if target:
        earned = Decimal(row["max"]) * min(ratio * 100 / Decimal(target), Decimal(1))
    else:
        earned = Decimal(row["max"]) * ratio
    return earned.quantize(Decimal("0.01")), ratio


def band_of(total, bands):
    for floor, name in bands:
        if total >= floor:
            return name
    return bands[-1][1]


def average_days(facts, scope):
    """2.2: the average resolution time, in days, of the dossiers ended in the period."""
    ended = facts.total(scope.agency_ids, "ended")
    if not ended:
        return None, 0
    return round(facts.total(scope.agency_ids, "span_seconds") / 86400 / ended, 2), ended


def compute(scope, period, facts=None):
    """The index of one scope for one period, in the API's shape."""
    facts = facts or Facts.gather(period)
    rows, bands, when_empty = config.current()
    figures, groups = [], {g: Decimal(0) for g in config.GROUPS}
    for row in rows:
        if row["id"] == "2.2":
            days, n = average_days(facts, scope)
            figures.append({"id": "2.2", "name": row["name"], "numerator": days,
                            "denominator": n, "ratio": None, "points": None, "max": 0})
            continue
        numerator, denominator = CLASSES[row["id"]](row).counts(facts, scope)
        earned, ratio = points(numerator, denominator, row, when_empty)
        groups[row["group"]] += earned
        figures.append({"id": row["id"], "name": row["name"], "numerator": numerator,
                        "denominator": denominator,
                        "ratio": float(round(ratio, 4)) if ratio is not None else None,
                        "points": float(earned), "max": row["max"]})
    total = sum(groups.values())
    return {"unit": scope.agency.code, "unit_name": scope.agency.name,
            "period": period.label, "total": float(total), "band": band_of(total, bands),
            "groups": {g: float(v) for g, v in groups.items()}, "indicators": figures}



# ----------------------------------------------------------------------------- rankings


RANKED = {"department": [Agency.Kind.DEPARTMENT, Agency.Kind.SECTOR],
          "commune": [Agency.Kind.COMMUNE_COMMITTEE]}


def rankings(kind, period, facts=None):
    """Every department (or commune) of the province with its index, best first; the
    facts are gathered once for all of them."""
    facts = facts or Facts.gather(period)
    tree = children_map()
    agencies = Agency.objects.filter(kind__in=RANKED[kind], parent__kind__in=[
        Agency.Kind.PROVINCE_COMMITTEE]) if kind == "department" else \
        Agency.objects.filter(kind__in=RANKED[kind])
    rows = [compute(scope_for(agency, tree), period, facts) for agency in agencies]
    rows.sort(key=lambda r: (-r["total"], r["unit"]))
    for rank, row in enumerate(rows, 1):
        row["rank"] = rank
    return rows


# ----------------------------------------------------------------------------- drill-down


REASONS = {
    "1.4": "Chưa đồng bộ lên Cổng DVCQG",
    "3.1": "Thủ tục toàn trình nhưng hồ sơ không nộp trực tuyến",
    "3.6": "Có phí, lệ phí nhưng không thanh toán trực tuyến",
    "4.1": "Không có kết quả điện tử",
    "4.2": "Không có thành phần được số hóa",
    "4.3": "Không tái sử dụng dữ liệu số hóa",
    "4.4": "Không lấy thành phần từ kho dữ liệu của công dân",
    "4.5b": "Không khai thác CSDL quốc gia về dân cư",
}


def _local(moment):
    return timezone.localtime(moment).strftime("%H:%M %d/%m/%Y") if moment else ""


def _late_reason(d, end):
    if d.finished_at is None or d.finished_at >= end:
        return f"Chưa giải quyết xong, quá hạn {_local(d.index_due_at)}"
    if d.supplement_rounds > 1:
        return f"Yêu cầu bổ sung {d.supplement_rounds} lần"
    return f"Kết thúc {_local(d.finished_at)}, quá hạn {_local(d.index_due_at)}"


def drilldown(ident, scope, period, limit=500):
    """What costs the scope points on an indicator: the dossiers (or procedures, petitions)
    in the denominator and not in the numerator, each with the reason. [] when the indicator
    has nothing to list."""
    start, end = period.start, period.end
    if ident == "1.3":
        qs = Published13({}).procedures(scope).filter(fully_published=False).order_by("code")
        return [{"code": p.code, "name": p.name,
                 "reason": "Thiếu: " + "; ".join(p.missing_parts or [])} for p in qs[:limit]]
    if ident == "5.2":
        qs = Petition.objects.filter(
            Q(closed_at__gte=start, closed_at__lt=end, on_time=False)
            | Q(closed_at__isnull=True, due_at__gte=start, due_at__lt=end)
            & ~Q(status=Petition.Status.MORE_INFO))
        if scope.agency_ids is not None:
            qs = qs.filter(agency_id__in=scope.agency_ids)
        return [{"code": p.code, "name": p.title,
                 "reason": f"Quá hạn trả lời {_local(p.due_at)}"} for p in qs[:limit]]
    if ident == "5.3":
        qs = Petition.objects.filter(satisfaction_at__gte=start, satisfaction_at__lt=end) \
            .exclude(satisfaction=Level.SATISFIED)
        if scope.agency_ids is not None:
            qs = qs.filter(agency_id__in=scope.agency_ids)
        return [{"code": p.code, "name": p.title,
                 "reason": f"Người gửi {p.get_satisfaction_display()} với kết quả trả lời"}
                for p in qs[:limit]]
    if ident == "4.5b":
        qs = Dossier.objects.filter(received_at__gte=start, received_at__lt=end) \
            .select_related("procedure").order_by("received_at", "pk")
        if scope.agency_ids is not None:
            qs = qs.filter(agency_id__in=scope.agency_ids)
        return [{"code": d.code, "name": d.procedure.name, "reason": REASONS["4.5b"]}
                for d in qs.iterator() if POPULATION_DB not in (d.consulted or [])][:limit]
    cls = CLASSES.get(ident)
    measures = _dossier_measures(start, end)
    if ident == "5.4":
        wanted = measures["judged"] & (~measures["on_time"] | Q(disliked=True)
                                      | Q(complained=True))
    elif cls is not None and issubclass(cls, DossierShare):
        wanted = measures[cls.denominator] & ~measures[cls.numerator]
    else:
        return []
    qs = period_dossiers(start, end).filter(wanted).select_related("procedure") \
        .order_by("index_due_at", "pk")
    if scope.agency_ids is not None:
        qs = qs.filter(agency_id__in=scope.agency_ids)
    rows = []
    for d in qs[:limit]:
        if ident in ("2.1", "5.4"):
            late = not (d.finished_at and d.finished_at < end and d.finished_at <= d.index_due_at
                        and d.supplement_rounds <= 1)
            reason = _late_reason(d, end) if late else (
                "Người dân không hài lòng" if d.disliked else "Có phản ánh, kiến nghị")
        else:
            reason = REASONS.get(ident, "")
        rows.append({"code": d.code, "name": d.procedure.name, "reason": reason})
    return rows
