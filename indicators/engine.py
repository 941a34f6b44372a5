"""The Decision 766 index computed from the system's own data, as the national portal computes
it (DOMAIN.md §5.1 and §5.2).

One definition per indicator. Each indicator is a small class that owns its filter, its reason
and its place in the configuration (points and target: indicators/config.py):
- a dossier indicator names its denominator and numerator as conditions over the period's
  judged dossiers (`FACTS`, below); the grouped count and the drill-down are both compiled from
  those same conditions, so the drill-down lists exactly the denominator less the numerator;
- a procedure indicator counts catalog procedures, its numerator read from the same grouped
  pass (procedures having dossiers of the period that ...);
- a petition indicator counts PAKN through one Q expression used for the count and the list.

"Dossiers of the period" are those received (NgayTiepNhan) in it. Each is judged once, at the
earlier of the period's end and now (`judged_at`):
- its end is its end of processing (resolved, returned, stopped, withdrawn) if that came before
  the judging moment; else, if its clock was paused then (a supplement or a payment request:
  the only end state of a dossier waiting on a single supplement request), the pause's start;
  else the judging moment itself;
- it is on time when that end comes no later than its appointment with the paused working time
  added (`index_due_at`, or the 766 reading stored on the first pause not over by then), and it
  had at most one supplement request (configurable); so a dossier whose due date is ahead is on
  time, and is never called late before its due date.

The whole province, all its departments and all its communes cost one grouped pass over the
period's dossiers (per agency and procedure), then sums in Python.
"""

import datetime as dt
import json
import re
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db import connection, connections, transaction
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalog.models import Fee, Procedure, PublicationItem, TimeUnit
from dossiers import transitions as t
from dossiers.models import DOCUMENT_BITS, ApplicantType, Channel, Dossier, FeeLine, Pause
from feedback.models import Level, Petition, Rating
from indicators import config

# The population database as MotCua records it in `Dossier.consulted` (the import folds the
# portal's codes for it into this name).
from integrations.national.fields import POPULATION_DB
from motcua.db import reading_alias
from sync.models import DossierSync
from units.models import Agency
from workcalendar import calendars


def judged_at(period, now=None):
    """The moment a period's open dossiers are judged at: its end, or now if it runs still."""
    return min(period.end, now or timezone.now())


# ----------------------------------------------------------------------------- dossier facts


def _lists_population_db():
    """`consulted` names the population database (a JSON list, read by each database)."""
    table = Dossier._meta.db_table
    if connection.vendor == "postgresql":
        return RawSQL(f'"{table}"."consulted" @> %s::jsonb', [json.dumps([POPULATION_DB])])
    return RawSQL(f'EXISTS (SELECT 1 FROM json_each("{table}"."consulted") WHERE value = %s)',
                  [POPULATION_DB])


def period_dossiers(period, at, agency_ids=None):
    """The period's dossiers, one row each with what the rules read (the inner query)."""
    qs = Dossier.objects.filter(received_at__gte=period.start, received_at__lt=period.end)
    if agency_ids is not None:
        qs = qs.filter(agency_id__in=agency_ids)
    # The moment the dossier's own state is read at: its end of processing, or the judging one.
    qs = qs.annotate(e0=Case(When(finished_at__lt=at, then=F("finished_at")), default=Value(at)))
    # Only for dossiers still open then, or ended from a pause (stopped, withdrawn), is the
    # pause table read: the first pause not over at e0 says whether the clock stood still and
    # which 766 due date was in force; supplement requests made after e0 do not count yet.
    later = (~Q(finished_at__lt=at) | Q(status__in=[t.STOPPED, t.WITHDRAWN])) \
        & Q(pk__in=Pause.objects.values("dossier_id"))  # (a hashed lookup, read once)
    not_over = Pause.objects.filter(dossier_id=OuterRef("pk")).filter(
        Q(ended_at__isnull=True) | Q(ended_at__gte=OuterRef("e0"))).order_by("started_at", "pk")
    rounds_after = Pause.objects.filter(
        dossier_id=OuterRef("pk"), kind="supplement", started_at__gte=OuterRef("e0")) \
        .order_by().values("dossier_id").annotate(n=Count("pk")).values("n")
    fees_in_catalog = catalog_fees(period).filter(procedure__no_fee=False).values("procedure_id")
    owed = FeeLine.objects.filter(dossier_id=OuterRef("pk"), amount__gt=0, exempt=False)
    return qs.annotate(
        pause_start=Case(When(later, then=Subquery(
            not_over.filter(started_at__lt=OuterRef("e0")).values("started_at")[:1]))),
        pause_due=Case(When(later, then=Subquery(not_over.values("index_due_before")[:1]))),
        rounds_after=Case(When(later, then=Subquery(rounds_after))),
        owes_fees=Exists(owed),
        fee_not_online=Exists(owed.filter(paid_online=False)),
        population_db=_lists_population_db(),
        disliked=Exists(Rating.objects.filter(dossier_id=OuterRef("pk"),
                                              overall=Level.DISSATISFIED)),
        complained=Exists(Petition.objects.filter(dossier_id=OuterRef("pk"),
                                                  kind=Petition.Kind.COMPLAINT)),
        p_fees=ExpressionWrapper(Q(procedure_id__in=fees_in_catalog),
                                 output_field=BooleanField()),
    ).values(
        "id", "agency_id", "procedure_id", "channel", "status", "result", "applicant_type",
        "received_at", "finished_at", "index_due_at", "supplement_rounds", "paid_online",
        "vneid_authenticated", "return_method", "time_spent", "e0", "pause_start", "pause_due",
        "rounds_after", "owes_fees", "fee_not_online", "document_flags", "population_db",
        "disliked", "complained", "p_fees",
        p_full=F("procedure__online_level"), p_electronic=F("procedure__result_electronic"),
        p_result=F("procedure__result"), sync_state=F("national_sync__state"))


def catalog_fees(period):
    """The catalog's fees and charges above 0 not expired before the period. A fee that took
    effect later still counts: catalogs often hold only the fee in force now, and a procedure
    that charges now charged under its earlier act too."""
    return Fee.objects.filter(amount__gt=0).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=period.first))


def _max_supplements():
    return config.current_rules().get("max_supplements", 1)


# What each dossier of the period is, as SQL over the inner query's columns; a {name} stands
# for an earlier fact. This is the only statement of these rules: the counts, the drill-down
# and the pages all read them from here. Each is computed once per dossier, as a column of the
# period's table `d` that the indicators' conditions name as {name}.
FACTS = {
    # The documents' flags, kept on the dossier (dossiers.models.DOCUMENT_FLAGS).
    **{name: f"((document_flags & {bit}) <> 0)" for name, bit in DOCUMENT_BITS.items()},
    # Ended before the judging moment %(at)s (its end of processing came first).
    "ended": "(finished_at IS NOT NULL AND finished_at < %(at)s)",
    # The end the rules judge: e0, or the start of the pause the clock stood in then.
    "end_at": "COALESCE(pause_start, e0)",
    "due_at": "COALESCE(pause_due, index_due_at)",
    "rounds": "(supplement_rounds - COALESCE(rounds_after, 0))",
    "late": "({rounds} > %(max_supplements)s OR ({due_at} IS NOT NULL AND {end_at} > {due_at}))",
    "on_time": "(NOT {late})",
    # Decided (resolved 9 or returned 10, approved or refused) before the judging moment.
    "resolved": "({ended} AND result <> '')",
    "result_document": "({resolved} AND p_result <> '')",
    "full_online": (f"(channel = {Channel.ONLINE} AND NOT fee_not_online AND {{resolved}} AND "
                    f"({{e_result}} OR (NOT p_electronic AND return_method = 'post')))"),
    "population": "(vneid_authenticated OR {from_store} OR population_db)",
    "citizen": f"(applicant_type = {ApplicantType.CITIZEN})",
    "unhappy": "(disliked OR complained)",
    "synced": f"(sync_state = '{DossierSync.State.SYNCED}')",
}


def fact(name):
    """A fact's SQL over the inner query's columns, every {name} in it expanded."""
    return re.sub(r"\{(\w+)\}", lambda m: fact(m[1]), FACTS[name])


def expand(condition):
    """A condition over the period's table: each {fact} names its column."""
    def column(match):
        if match[1] not in FACTS:
            raise KeyError(match[1])
        return match[1]
    return re.sub(r"\{(\w+)\}", column, condition)


class _Compiled:
    """SQL over the inner query with named parameters turned positional."""

    def __init__(self, period, at):
        self.values = {"at": connection.ops.adapt_datetimefield_value(at),
                       "max_supplements": _max_supplements()}
        self.params = []

    def __call__(self, template):
        for name in re.findall(r"%\((\w+)\)s", template):
            self.params.append(self.values[name])
        return re.sub(r"%\(\w+\)s", "%s", template)


def _run(sql_of, period, at, agency_ids=None, part=None, alias=None):
    """Run `sql_of(compile)` over the period's dossiers (a CTE `d`), or over one part of them
    (`part` = (k, n): those received in the k-th of n equal spans of the period); rows as
    dicts. On the replica when a report reads (motcua.db), else on the primary."""
    db = connections[alias or reading_alias()]
    inner = period_dossiers(period, at, agency_ids).order_by()
    if part is not None:  # the k-th of n equal spans of the period's reception time
        k, n = part
        span = (period.end - period.start) / n
        inner = inner.filter(received_at__gte=period.start + span * k) if k else inner
        inner = inner.filter(received_at__lt=period.start + span * (k + 1)) if k < n - 1 \
            else inner
    inner_sql, inner_params = inner.query.sql_with_params()
    facts = _Compiled(period, at)
    columns = ", ".join(f"{facts(fact(name))} AS {name}" for name in FACTS)
    compiled = _Compiled(period, at)
    body = sql_of(compiled)
    # MATERIALIZED: each dossier's flags and facts are computed once, then read by every
    # measure (flattened, each would be evaluated again in every measure that reads it).
    # The inner query is kept whole (OFFSET 0, LIMIT -1 on SQLite): pulled up, each of its
    # subqueries would be evaluated again in every fact that reads its column.
    fence = " OFFSET 0" if db.vendor == "postgresql" else " LIMIT -1 OFFSET 0"
    sql = f"WITH d AS MATERIALIZED (SELECT b.*, {columns} FROM ({inner_sql}{fence}) b) {body}"
    with transaction.atomic(using=db.alias), db.cursor() as cursor:
        if db.vendor == "postgresql":
            # One big scan: compiling it (JIT) costs more than it saves, and the grouping
            # sort fits in memory with a little more than the default.
            cursor.execute("SET LOCAL jit = off")
            cursor.execute("SET LOCAL work_mem = '64MB'")
        cursor.execute(sql, [*facts.params, *inner_params, *compiled.params])
        names = [c[0] for c in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]


def _in_parts(sql_of, period, at):
    """The grouped pass, split across MOTCUA_766_WORKERS connections on PostgreSQL (one part
    of the dossiers each, the counts added up afterwards): the month's scan is CPU-bound in
    PostgreSQL, and one query uses one core. Inside a transaction (a request's, a test's) the
    other connections would not see its rows, so it runs in one part there."""
    workers = getattr(settings, "MOTCUA_766_WORKERS", 2)
    alias = reading_alias()  # decided here: the worker threads do not share this context
    db = connections[alias]
    if db.vendor != "postgresql" or workers < 2 or db.in_atomic_block:
        return _run(sql_of, period, at, alias=alias)

    def part(k):
        try:
            return _run(sql_of, period, at, part=(k, workers), alias=alias)
        finally:
            connections[alias].close()  # this thread's own connection

    with ThreadPoolExecutor(workers) as pool:
        return [row for rows in pool.map(part, range(workers)) for row in rows]


def _moment(value):
    """A datetime read by raw SQL (SQLite gives text in UTC)."""
    if value is None or isinstance(value, dt.datetime):
        return value
    moment = parse_datetime(str(value))
    return timezone.make_aware(moment, dt.UTC) if timezone.is_naive(moment) else moment


# ----------------------------------------------------------------------------- indicators


class Indicator:
    """One indicator: `counts(facts, scope)` gives (numerator, denominator)."""

    id = ""
    empty_reason = gettext_lazy("Nothing to count")

    def counts(self, facts, scope):
        raise NotImplementedError

    def ratio(self, numerator, denominator, facts, scope):
        return Decimal(numerator) / Decimal(denominator)

    def drilldown(self, scope, period, limit):
        return []


class DossierIndicator(Indicator):
    """numerator ÷ denominator over the period's dossiers, both conditions of FACTS."""

    denominator = "TRUE"
    numerator = "TRUE"
    empty_reason = gettext_lazy("Nothing to count: no dossier received in the period")
    reason_text = ""

    @classmethod
    def measures(cls):
        den = expand(cls.denominator)
        return {f"den {cls.id}": den, f"num {cls.id}": f"({den}) AND ({expand(cls.numerator)})"}

    def counts(self, facts, scope):
        return facts.total(scope.agency_ids, f"num {self.id}"), \
            facts.total(scope.agency_ids, f"den {self.id}")

    def reason(self, row):
        return str(self.reason_text)

    def missing(self):
        """The condition of what costs points: in the denominator, not in the numerator."""
        return f"({expand(self.denominator)}) AND NOT ({expand(self.numerator)})"

    def drilldown(self, scope, period, limit):
        at = judged_at(period)
        def body(c):
            return ("SELECT id, disliked, complained, ended, end_at, due_at, rounds, late, "
                    f"unhappy FROM d WHERE {c(self.missing())} ORDER BY due_at, id "
                    f"LIMIT {int(limit)}")

        rows = _run(body, period, at, scope.agency_ids)
        found = {d.pk: d for d in Dossier.objects.filter(pk__in=[r["id"] for r in rows])
                 .select_related("procedure").only("code", "procedure__name")}
        out = []
        for row in rows:
            for name in ("end_at", "due_at"):
                row[name] = _moment(row[name])
            d = found[row["id"]]
            out.append({"code": d.code, "name": d.procedure.name, "reason": self.reason(row)})
        return out


def _local(moment):
    return timezone.localtime(moment).strftime("%H:%M %d/%m/%Y") if moment else ""


def late_reason(row):
    if row["rounds"] > _max_supplements():
        return _("Asked to supplement %(n)d times") % {"n": row["rounds"]}
    if row["ended"]:
        return _("Ended %(end)s, due %(due)s") % {"end": _local(row["end_at"]),
                                                   "due": _local(row["due_at"])}
    return _("Not resolved yet, due %(due)s") % {"due": _local(row["due_at"])}


class Synced14(DossierIndicator):
    id, numerator = "1.4", "{synced}"
    reason_text = gettext_lazy("Not synced to the National Public Service Portal")


class OnTime21(DossierIndicator):
    id, numerator = "2.1", "{on_time}"

    def reason(self, row):
        return late_reason(row)


class FullOnline31(DossierIndicator):
    """3.x: filed online, every fee paid online, the result electronic (or a paper result
    by public post), over the dossiers of procedures offered full-online."""

    id, denominator, numerator = "3.1", "p_full = 'full'", "{full_online}"
    empty_reason = gettext_lazy("Nothing to count: no dossier of a full-online procedure")
    reason_text = gettext_lazy("Not fully online: filed online, paid online and the result "
                               "received electronically (or by public post)")


class PaidOnline36(DossierIndicator):
    id = "3.6"
    denominator = "(p_fees AND owes_fees)"
    numerator = "paid_online"
    empty_reason = gettext_lazy("Nothing to count: no dossier owing fees or charges")
    reason_text = gettext_lazy("Fees or charges not paid online")


class EResult41(DossierIndicator):
    id, denominator, numerator = "4.1", "{result_document}", "{e_result}"
    empty_reason = gettext_lazy("Nothing to count: no dossier with a document as its result")
    reason_text = gettext_lazy("No electronic result")


class Digitised42(DossierIndicator):
    id = "4.2"
    numerator = "({attached} AND (NOT {result_document} OR {e_result}))"

    def reason(self, row):
        return _("Documents or result not digitised")


class Reused43(DossierIndicator):
    id, numerator = "4.3", "{reused}"
    reason_text = gettext_lazy("Digitised data not reused")


class Store44(DossierIndicator):
    id, numerator = "4.4", "({from_store} OR {result_in_store})"
    reason_text = gettext_lazy("No document taken from the data store, result not kept in it")


class Population45b(DossierIndicator):
    id, denominator, numerator = "4.5b", "{citizen}", "{population}"
    empty_reason = gettext_lazy("Nothing to count: no dossier of a citizen")
    reason_text = gettext_lazy("Population data not used (VNeID, data store, population "
                               "database)")


class Satisfaction54(DossierIndicator):
    """5.4 = 100 % − (share of late dossiers + share of dossiers with a complaint or a
    dislike). The numerator shown is the dossiers neither late nor complained of."""

    id, numerator = "5.4", "({on_time} AND NOT {unhappy})"

    @classmethod
    def measures(cls):
        return {**super().measures(), "late 5.4": "late", "unhappy 5.4": "unhappy"}

    def ratio(self, numerator, denominator, facts, scope):
        late = facts.total(scope.agency_ids, "late 5.4")
        unhappy = facts.total(scope.agency_ids, "unhappy 5.4")
        return max(Decimal(1) - Decimal(late + unhappy) / Decimal(denominator), Decimal(0))

    def reason(self, row):
        if row["late"]:
            return late_reason(row)
        return _("The applicant was dissatisfied") if row["disliked"] else _("A petition was sent")


def catalog(facts):
    """The catalog's procedures in force in the period, with what the procedure indicators
    read, once for every scope: {pk: row}."""
    if "catalog" not in facts.memo:
        period = facts.period
        fees = catalog_fees(period).filter(procedure_id=OuterRef("pk"))
        facts.memo["catalog"] = {row["pk"]: row for row in Procedure.objects.filter(
            Q(abolished_on__isnull=True) | Q(abolished_on__gt=period.last))
            .annotate(has_fees=Exists(fees)).values(
                "pk", "level", "agency_id", "no_fee", "for_citizens", "fully_published",
                "has_fees")}
    return facts.memo["catalog"]


def in_scope(procedure, scope):
    """The procedures a scope applies: all for the province, the commune-level ones for a
    commune, the department's own for a department."""
    if scope.kind == "commune":
        return procedure["level"] == "commune"
    if scope.kind == "department":
        return procedure["agency_id"] in scope.agency_ids
    return True


class ProcedureIndicator(Indicator):
    """Counts over the catalog procedures a scope applies (`in_scope`) that the indicator
    keeps; the numerator, those of them having dossiers of the period that are so (`measure`,
    from the grouped pass)."""

    empty_reason = gettext_lazy("Nothing to count: no procedure in scope")
    measure = None

    def keep(self, procedure):
        return True

    def base(self, facts, scope):
        key = (self.id, scope.kind, scope.agency.pk if scope.kind == "department" else None)
        if key not in facts.memo:
            facts.memo[key] = {pk for pk, p in catalog(facts).items()
                               if in_scope(p, scope) and self.keep(p)}
        return facts.memo[key]

    def counts(self, facts, scope):
        base = self.base(facts, scope)
        return len(base & self.having(facts, scope)), len(base)

    def having(self, facts, scope):
        return facts.procedures(scope.agency_ids, self.measure)

    def missing(self, facts, scope):
        return self.base(facts, scope) - self.having(facts, scope)

    def drilldown(self, scope, period, limit):
        missing = self.missing(Facts.gather(period), scope)
        return [{"code": p.code, "name": p.name, "reason": self.reason_for(p)}
                for p in Procedure.objects.filter(pk__in=missing).order_by("code")[:limit]]

    def reason_for(self, procedure):
        return ""


class FeesIntegrated35a(ProcedureIndicator):
    """Procedures with fees or charges in the catalog; those with dossiers owing a fee."""

    id, measure = "3.5a", "fees"
    empty_reason = gettext_lazy("Nothing to count: no procedure with fees or charges")

    def keep(self, procedure):
        return procedure["has_fees"] and not procedure["no_fee"]

    def reason_for(self, procedure):
        return _("No dossier owing fees or charges in the system in the period")


class PaidOnline35b(FeesIntegrated35a):
    id, measure = "3.5b", "paid online"

    def reason_for(self, procedure):
        return _("No dossier paid online in the period")


class Population45a(ProcedureIndicator):
    id, measure = "4.5a", "population"
    empty_reason = gettext_lazy("Nothing to count: no procedure for citizens")

    def keep(self, procedure):
        return procedure["for_citizens"]

    def reason_for(self, procedure):
        return _("No dossier using population data in the period")


class Published13(ProcedureIndicator):
    """Procedures in force with every part Decree 63/2010 art. 8 asks (a point in time)."""

    id = "1.3"

    def having(self, facts, scope):
        return {pk for pk in self.base(facts, scope) if catalog(facts)[pk]["fully_published"]}

    def reason_for(self, procedure):
        return _("Missing: %(parts)s") % {"parts": "; ".join(procedure.missing_parts or [])}


class Decisions(ProcedureIndicator):
    """1.1 and 1.2 over the procedures of publication decisions signed in the period, each
    procedure counted once; one late decision makes it late. Working days through the
    calendar (workcalendar)."""

    DAYS = 5
    empty_reason = gettext_lazy("Nothing to count: no publication decision in the period")

    def judged(self, facts):
        """{procedure id: late} over the period's decision items, read once."""
        key = (self.id, "items")
        if key not in facts.memo:
            period, found, verdicts = facts.period, {}, {}
            for item in PublicationItem.objects.filter(
                    decision__signed_on__gte=period.first, decision__signed_on__lte=period.last,
                    procedure_id__in=list(catalog(facts))).select_related("decision"):
                if item.decision_id not in verdicts:
                    verdicts[item.decision_id] = self.on_time(item.decision)
                found[item.procedure_id] = found.get(item.procedure_id, False) \
                    or not verdicts[item.decision_id]
            facts.memo[key] = found
        return facts.memo[key]

    def applies(self, scope):
        return True

    def base(self, facts, scope):
        if not self.applies(scope):
            return set()
        items = self.judged(facts)
        return {pk for pk in items if in_scope(catalog(facts)[pk], scope)}

    def having(self, facts, scope):
        items = self.judged(facts)
        return {pk for pk in self.base(facts, scope) if not items[pk]}

    def reason_for(self, procedure):
        return str(self.reason_text)


class Published11(Decisions):
    id = "1.1"
    reason_text = gettext_lazy("Publication decision signed less than 5 working days before "
                               "it took effect")

    def on_time(self, decision):
        return decision.effective_on is not None and calendars.working_days_between(
            decision.signed_on, decision.effective_on) >= self.DAYS


class Publicised12(Decisions):
    """Province level only (DOMAIN.md §5.1): other scopes have nothing to count."""

    id = "1.2"
    reason_text = gettext_lazy("Made public more than 5 working days after the decision")
    empty_reason = gettext_lazy("Nothing to count: province level only, or no decision in the "
                                "period")

    def applies(self, scope):
        return scope.kind == "province"

    def on_time(self, decision):
        return decision.publicised_on is not None and calendars.working_days_between(
            decision.signed_on, decision.publicised_on) <= self.DAYS


class NotMeasured(Indicator):
    """Electronic certified copies (4.2b): MotCua does not issue them yet, so nothing to count."""

    id = "4.2b"
    empty_reason = gettext_lazy("Nothing to count: the system does not issue electronic "
                                "certified copies yet")

    def counts(self, facts, scope):
        return 0, 0


# Petitions (PAKN): received in the period, judged at the same moment as dossiers.


def petition_rules(at):
    """(handled on time, counted satisfied) as Q expressions over petitions annotated by
    `petitions_of`: 5.2 handled within its time limits (the stored `on_time` of a closed
    petition, which the lifecycle sets for rejecting, answering and publishing; an open one
    is in time while its due date is ahead or while it waits for the person); 5.3 also
    neither disliked (the person dissatisfied with the answer) nor repeated."""
    open_then = Q(closed_at__isnull=True) | Q(closed_at__gte=at)
    handled = Q(closed_at__lt=at, on_time=True) | open_then & (
        Q(due_at__gte=at) | Q(status=Petition.Status.MORE_INFO))
    return handled, handled & ~Q(satisfaction=Level.DISSATISFIED) & Q(repeated=False)


def petitions_of(period, qs=None):
    """The petitions received in the period, each marked `repeated` when the same person had
    already sent one about the same dossier or procedure (to verify against the portal's
    rule for "PAKN trùng lặp")."""
    qs = Petition.objects.all() if qs is None else qs
    earlier = Petition.objects.filter(received_at__lt=OuterRef("received_at")).filter(
        Q(dossier_id=OuterRef("dossier_id"), dossier_id__isnull=False)
        | Q(procedure_id=OuterRef("procedure_id"), procedure_id__isnull=False)).filter(
        Q(submitter_id=OuterRef("submitter_id"), submitter_id__isnull=False)
        | Q(submitter_phone=OuterRef("submitter_phone"), submitter_phone__gt=""))
    return qs.filter(received_at__gte=period.start, received_at__lt=period.end) \
        .annotate(repeated=Exists(earlier))


class PetitionIndicator(Indicator):
    empty_reason = gettext_lazy("Nothing to count: no petition received in the period")
    which = 0  # 0: handled on time (5.2), 1: satisfied (5.3)

    def counts(self, facts, scope):
        return facts.total(scope.agency_ids, f"num {self.id}"), \
            facts.total(scope.agency_ids, "petitions")

    def drilldown(self, scope, period, limit):
        at = judged_at(period)
        good = petition_rules(at)[self.which]
        qs = petitions_of(period).exclude(good).order_by("received_at", "pk")
        if scope.agency_ids is not None:
            qs = qs.filter(agency_id__in=scope.agency_ids)
        return [{"code": p.code, "name": p.title, "reason": self.reason(p, at)}
                for p in qs[:limit]]


class PetitionsOnTime52(PetitionIndicator):
    id = "5.2"

    def reason(self, p, at):
        if p.closed_at is None or p.closed_at >= at:
            return _("Overdue since %(due)s") % {"due": _local(p.due_at)}
        return _("Handled late (%(closed)s)") % {"closed": _local(p.closed_at)}


class PetitionsSatisfied53(PetitionIndicator):
    id, which = "5.3", 1

    def reason(self, p, at):
        if p.satisfaction == Level.DISSATISFIED:
            return _("The sender was dissatisfied with the answer")
        if p.repeated:
            return _("Repeated petition")
        return PetitionsOnTime52().reason(p, at)


def petition_counts(period, qs=None):
    """{agency id: {"petitions", "num 5.2", "num 5.3"}} for the period (the pages' figures
    read this too: feedback.petitions.month_figures)."""
    handled, satisfied = petition_rules(judged_at(period))
    rows = petitions_of(period, qs).values("agency_id").annotate(
        petitions=Count("pk"), n52=Count("pk", filter=handled),
        n53=Count("pk", filter=satisfied))
    return {r["agency_id"]: {"petitions": r["petitions"], "num 5.2": r["n52"],
                             "num 5.3": r["n53"]} for r in rows}


CLASSES = {cls.id: cls for cls in (
    Published11, Publicised12, Published13, Synced14, OnTime21, FullOnline31,
    FeesIntegrated35a, PaidOnline35b, PaidOnline36, EResult41, Digitised42, NotMeasured,
    Reused43, Store44, Population45a, Population45b, PetitionsOnTime52, PetitionsSatisfied53,
    Satisfaction54)}
DOSSIER_INDICATORS = [c for c in CLASSES.values() if issubclass(c, DossierIndicator)]
# The measures of procedure indicators: a procedure counts for a unit when one of its
# dossiers of the period is so.
PROCEDURE_MEASURES = {"fees": "owes_fees", "paid online": "paid_online",
                      "population": "{population}"}


# ----------------------------------------------------------------------------- facts


@dataclass
class Facts:
    """One period's counts: {agency_id: {measure: n}}, the procedures per agency and measure,
    and the resolution times per agency and procedure (2.2)."""

    period: object
    at: object = None
    dossiers: dict = field(default_factory=lambda: defaultdict(lambda: defaultdict(int)))
    by_procedure: dict = field(default_factory=lambda: defaultdict(lambda: defaultdict(set)))
    spent: dict = field(default_factory=lambda: defaultdict(lambda: [Decimal(0), 0]))
    memo: dict = field(default_factory=dict)  # procedure counts shared by scopes of a kind

    @classmethod
    def gather(cls, period, now=None):
        facts = cls(period, judged_at(period, now))
        facts._dossiers()
        for agency_id, counts in petition_counts(period).items():
            for name, value in counts.items():
                facts.dossiers[agency_id][name] += value
        return facts

    def _dossiers(self):
        measures = {"received": "TRUE"}
        for cls in DOSSIER_INDICATORS:
            measures.update(cls.measures())
        measures.update({f"proc {k}": expand(v) for k, v in PROCEDURE_MEASURES.items()})
        # Each distinct condition is counted once (several denominators are all dossiers).
        conditions = list(dict.fromkeys(measures.values()))
        column = {name: f"m{conditions.index(sql)}" for name, sql in measures.items()}

        def body(c):
            columns = ", ".join(f'COUNT(*) FILTER (WHERE {sql}) AS m{i}'
                                for i, sql in enumerate(conditions))
            return (f"SELECT agency_id, procedure_id, {columns}, "
                    "SUM(time_spent) FILTER (WHERE resolved) AS spent, "
                    "COUNT(time_spent) FILTER (WHERE resolved) AS spent_n "
                    "FROM d GROUP BY agency_id, procedure_id")

        for row in _in_parts(body, self.period, self.at):
            agency, procedure = row["agency_id"], row["procedure_id"]
            counts = self.dossiers[agency]
            for name, key in column.items():
                value = row[key] or 0
                if name.startswith("proc "):
                    if value:
                        self.by_procedure[agency][name[5:]].add(procedure)
                else:
                    counts[name] += value
            if row["spent_n"]:
                slot = self.spent[(agency, procedure)]
                slot[0] += Decimal(str(row["spent"]))
                slot[1] += row["spent_n"]

    def total(self, agency_ids, name):
        if agency_ids is None:
            return sum(c[name] for c in self.dossiers.values())
        return sum(self.dossiers[a][name] for a in agency_ids if a in self.dossiers)

    def procedures(self, agency_ids, measure):
        agencies = self.by_procedure if agency_ids is None else agency_ids
        found = set()
        for a in agencies:
            found |= self.by_procedure.get(a, {}).get(measure, set())
        return found

    def resolution_times(self, agency_ids):
        """2.2 per procedure: [(procedure id, dossiers, mean time in its own unit)]."""
        per = defaultdict(lambda: [Decimal(0), 0])
        for (agency, procedure), (total, n) in self.spent.items():
            if agency_ids is None or agency in agency_ids:
                per[procedure][0] += total
                per[procedure][1] += n
        return [(p, n, total / n) for p, (total, n) in per.items()]


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


# ----------------------------------------------------------------------------- the index


def points(numerator, denominator, row, when_empty, ratio=None):
    """(points, ratio); ratio None when there is nothing to count ("không phát sinh")."""
    if not denominator:
        return Decimal(row["max"]) if when_empty == "full" else Decimal(0), None
    ratio = Decimal(numerator) / Decimal(denominator) if ratio is None else ratio
    target = row.get("target")
    if target:
        earned = Decimal(row["max"]) * min(ratio * 100 / Decimal(target), Decimal(1))
    else:
        earned = Decimal(row["max"]) * min(ratio, Decimal(1))
    return earned.quantize(Decimal("0.01")), ratio


def band_of(total, bands):
    for floor, name in bands:
        if total >= floor:
            return name
    return bands[-1][1]


UNIT_NAMES = {TimeUnit.WORKING_DAY: gettext_lazy("working days"),
              TimeUnit.WORKING_HOUR: gettext_lazy("working hours"),
              TimeUnit.CALENDAR_DAY: gettext_lazy("days"), TimeUnit.MONTH: gettext_lazy("months")}


def resolution_times(facts, scope):
    """2.2: for each procedure, the mean resolution time of the scope's dossiers of the period
    resolved (9) or returned (10), in the procedure's own unit, most dossiers first."""
    rows = facts.resolution_times(scope.agency_ids)
    if "procedures" not in facts.memo:  # read once for every scope
        facts.memo["procedures"] = {p.pk: p for p in Procedure.objects.filter(
            pk__in={procedure for _, procedure in facts.spent}).only(
            "code", "name", "time_unit", "processing_time")}
    info = facts.memo["procedures"]
    out = [{"code": info[p].code, "name": info[p].name, "n": n,
            "mean": float(round(mean, 2)), "unit": str(UNIT_NAMES.get(info[p].time_unit, "")),
            "unit_code": info[p].time_unit,
            "limit": float(info[p].processing_time) if info[p].processing_time is not None
            else None} for p, n, mean in rows]
    out.sort(key=lambda r: (-r["n"], r["code"]))
    return out


def _average_working_days(times):
    """The mean over the procedures counted in working days, weighted by their dossiers."""
    rows = [r for r in times if r["unit_code"] == TimeUnit.WORKING_DAY]
    n = sum(r["n"] for r in rows)
    return (round(sum(r["mean"] * r["n"] for r in rows) / n, 2) if n else None), n


IDLE_BAND = gettext_lazy("No dossier in the period")


def band_for(total, received, bands=None):
    """The rating of a total, in the reader's language. A unit that received nothing is not
    rated: it is listed as such, not as "excellent"."""
    if not received:
        return str(IDLE_BAND)
    return band_of(total, bands if bands is not None else config.current()[1])


def localised(snapshot):
    """A stored index (IndexSnapshot) in the reader's language: the texts are derived again
    from the ids, the total and the dossier count, never read back in the language of the
    process that computed them."""
    names = {r["id"]: r["name"] for r in config.current()[0]}
    indicators = []
    for row in snapshot.indicators:
        row = {**row, "name": names.get(row["id"], row.get("name", ""))}
        if row.get("reason"):
            cls = CLASSES.get(row["id"])
            row["reason"] = str(cls.empty_reason) if cls else _("Nothing to count")
        if "procedures" in row:
            row["procedures"] = [{**p, "unit": str(UNIT_NAMES.get(p.get("unit_code"),
                                                                  p.get("unit", "")))}
                                 for p in row["procedures"]]
        indicators.append(row)
    return {"total": float(snapshot.total), "band": band_for(snapshot.total, snapshot.dossiers),
            "groups": snapshot.groups, "indicators": indicators}


def compute(scope, period, facts=None):
    """The index of one scope for one period, in the API's shape. An indicator with nothing to
    count has `value` null, its reason, and the points the configuration gives."""
    facts = facts or Facts.gather(period)
    rows, bands, when_empty = config.current()
    figures, groups = [], {g: Decimal(0) for g in config.GROUPS}
    for row in rows:
        if row["id"] == "2.2":
            times = resolution_times(facts, scope)
            days, n = _average_working_days(times)
            figures.append({"id": "2.2", "name": row["name"], "numerator": days,
                            "denominator": n, "ratio": None, "value": days,
                            "reason": "" if n else _("Nothing to count"),
                            "points": None, "max": 0, "procedures": times[:50]})
            continue
        indicator = CLASSES[row["id"]]()
        numerator, denominator = indicator.counts(facts, scope)
        ratio = indicator.ratio(numerator, denominator, facts, scope) if denominator else None
        earned, ratio = points(numerator, denominator, row, when_empty, ratio)
        groups[row["group"]] += earned
        value = float(round(ratio, 4)) if ratio is not None else None
        figures.append({"id": row["id"], "name": row["name"], "numerator": numerator,
                        "denominator": denominator, "ratio": value, "value": value,
                        "reason": "" if denominator else str(indicator.empty_reason),
                        "points": float(earned), "max": row["max"]})
    total = sum(groups.values())
    received = facts.total(scope.agency_ids, "received")
    band = band_for(total, received, bands)
    return {"unit": scope.agency.code, "unit_name": scope.agency.name,
            "period": period.label, "total": float(total), "band": band,
            "dossiers": received, "idle": received == 0,
            "groups": {g: float(v) for g, v in groups.items()}, "indicators": figures}


# ----------------------------------------------------------------------------- rankings


RANKED = {"department": [Agency.Kind.DEPARTMENT, Agency.Kind.SECTOR],
          "commune": [Agency.Kind.COMMUNE_COMMITTEE]}


def rankings(kind, period, facts=None, idle="last"):
    """Every department (or commune) of the province with its index and its dossier count,
    best first. A unit that received no dossier in the period is idle: by default listed
    after the active ones, unranked (`idle="ranked"` ranks everyone by points)."""
    facts = facts or Facts.gather(period)
    tree = children_map()
    agencies = Agency.objects.filter(kind__in=RANKED[kind], parent__kind__in=[
        Agency.Kind.PROVINCE_COMMITTEE]) if kind == "department" else \
        Agency.objects.filter(kind__in=RANKED[kind])
    rows = [compute(scope_for(agency, tree), period, facts) for agency in agencies]
    if idle == "ranked":
        rows.sort(key=lambda r: (-r["total"], r["unit"]))
        for rank, row in enumerate(rows, 1):
            row["rank"] = rank
        return rows
    rows.sort(key=lambda r: (r["idle"], -r["total"] if not r["idle"] else 0, r["unit"]))
    rank = 0
    for row in rows:
        if row["idle"]:
            row["rank"] = None
        else:
            rank += 1
            row["rank"] = rank
    return rows


# ----------------------------------------------------------------------------- drill-down


def drilldown(ident, scope, period, limit=500):
    """What costs the scope points on an indicator: the dossiers (or procedures, petitions)
    in the denominator and not in the numerator, each with the reason. [] when the indicator
    has nothing to list."""
    cls = CLASSES.get(ident)
    return cls().drilldown(scope, period, limit) if cls else []
