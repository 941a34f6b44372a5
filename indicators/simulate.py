"""A realistic month of dossiers for a province, generated through the same models in bulk,
for the dashboards, the benchmarks and the index's own tests.

The defaults are Hải Phòng's month of DOMAIN.md §1 (314,000 dossiers received, 99.9 % online,
about 97.8 % resolved within the month, 99.63 % of those on time or early); the other rates
(supplements, fees paid online, digitisation, reuse, ratings, sync) are this module's
assumptions, each a setting of `Rates`. The same seed gives the same month.
"""

import datetime as dt
import functools
import random
import secrets
from dataclasses import dataclass, fields

from django.db import transaction
from django.utils import timezone

from catalog.models import Level, Procedure
from dossiers import terms
from dossiers import transitions as t
from dossiers.models import (
    RESULT_DOCUMENT_PREFIX,
    Dossier,
    DossierCounter,
    DossierDocument,
    DossierEvent,
    FeeLine,
    Pause,
    refresh_document_flags,
)
from feedback.models import Rating
from indicators.periods import parse
from integrations.national.fields import POPULATION_DB
from results.models import Result
from sync.models import DossierSync
from units.models import Agency, ServiceCenter
from workcalendar import calendars

FIRST_NAMES = ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hùng", "Hương",
               "Khánh", "Lan", "Linh", "Long", "Mai", "Minh", "Nam", "Ngọc", "Phương", "Quân",
               "Thảo", "Thắng", "Trang", "Tuấn", "Vân", "Yến"]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đỗ", "Bùi", "Đặng", "Ngô"]
MIDDLE = ["Văn", "Thị", "Minh", "Đức", "Thu", "Quang", "Ngọc", "Hữu"]
STREETS = ["Lạch Tray", "Điện Biên Phủ", "Trần Phú", "Lê Lợi", "Tô Hiệu", "Hai Bà Trưng",
           "Cầu Đất", "Lê Thánh Tông", "Đà Nẵng", "Nguyễn Văn Linh"]


@dataclass
class Rates:
    online: float = 0.999  # DOMAIN §1
    resolved: float = 0.978  # 307,000 of 314,000 within the month
    on_time: float = 0.9963  # DOMAIN §1
    supplement: float = 0.03
    second_supplement: float = 0.002
    paid_online: float = 0.9
    digitised: float = 0.88
    reused: float = 0.95
    from_store: float = 0.3
    population_db: float = 0.9
    e_result: float = 0.86
    returned: float = 0.9  # of the resolved dossiers, returned within the month
    post_return: float = 0.3  # paper results of online dossiers sent by public post
    rated: float = 0.08
    dissatisfied: float = 0.01
    synced: float = 0.995

    @classmethod
    def names(cls):
        return [f.name for f in fields(cls)]


_RULES = calendars.YearlyRules()


@functools.lru_cache(maxsize=100_000)
def _due_for_hours(received, amount, unit, hours):
    """The due date depends on the agency only through its office hours: cached on those."""
    agency = Agency(office_hours=hours)
    return calendars.compute_due(received, amount, unit, agency, _RULES).due


def _due(received, amount, unit, agency):
    return _due_for_hours(received, amount, unit, agency.office_hours or "")


def _working_moments(period, rng, count, now=None):
    """`count` moments in the period's working hours (Monday–Friday, 7:30–17:00), none of them
    after `now`: a month still running is simulated up to today."""
    now = now or timezone.now()
    days = [period.first + dt.timedelta(days=i)
            for i in range((period.last - period.first).days + 1)]
    days = [d for d in days if d <= timezone.localdate(now)] or [period.first]
    days = [d for d in days if calendars.is_working_day(d)] or days
    tz = timezone.get_default_timezone()
    made = 0
    while made < count:
        day = rng.choice(days)
        minute = rng.randrange(7 * 60 + 30, 17 * 60)
        moment = timezone.make_aware(dt.datetime.combine(day, dt.time(minute // 60, minute % 60)),
                                     tz)
        if moment > now - dt.timedelta(hours=5) and day == timezone.localdate(now):
            moment = now - dt.timedelta(hours=5)  # received (up to 4 hours later) by now
        made += 1
        yield moment


def simulate(month, count, seed=1, rates=None, batch=5000, progress=None):
    """Generate `count` dossiers received in `month` (YYYY-MM); returns counts."""
    rates = rates or Rates()
    rng = random.Random(seed)
    period = parse(month)
    procedures = list(Procedure.objects.filter(abolished_on__isnull=True,
                                               processing_time__isnull=False)
                      .select_related("agency"))
    communes = list(Agency.objects.filter(kind=Agency.Kind.COMMUNE_COMMITTEE))
    province = Agency.objects.get(kind=Agency.Kind.PROVINCE_COMMITTEE)
    centers = {c.agency_id: c for c in ServiceCenter.objects.all()}
    province_center = centers.get(province.pk)
    fees = {p.pk: [(f.kind, f.description, f.amount) for f in p.fees_on(period.first)
                   if f.amount] for p in procedures}
    # Communes receive most dossiers (civil status, residence, certification...).
    weights = [6 if p.level == Level.COMMUNE else 1 for p in procedures]
    counters = {}
    now = timezone.now()
    totals = {"dossiers": 0}
    moments = _working_moments(period, rng, count, now)
    made = 0
    while made < count:
        size = min(batch, count - made)
        with transaction.atomic():
            _batch(size, rng, rates, period, procedures, weights, communes, province, centers,
                   province_center, fees, counters, now, moments, totals)
        made += size
        if progress:
            progress(made)
    with transaction.atomic():  # later intakes continue the numbering, gap-free
        for (unit_code, day), last in counters.items():
            row, _ = DossierCounter.objects.get_or_create(unit_code=unit_code, day=day,
                                                          defaults={"last": 0})
            if row.last < last:
                DossierCounter.objects.filter(pk=row.pk).update(last=last)
    return totals


def _name(rng):
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(FIRST_NAMES)}"


def _batch(size, rng, rates, period, procedures, weights, communes, province, centers,
           province_center, fees, counters, now, moments, totals):
    dossiers, plans = [], []
    for _ in range(size):
        procedure = rng.choices(procedures, weights)[0]
        if procedure.level == Level.COMMUNE or procedure.agency_id is None:
            agency = rng.choice(communes) if procedure.level == Level.COMMUNE else province
        else:
            agency = procedure.agency
        center = centers.get(agency.pk) or province_center
        submitted = next(moments)
        online = rng.random() < rates.online
        received = submitted + dt.timedelta(minutes=rng.randrange(5, 240) if online else 10)
        due = _due(received.replace(second=0, microsecond=0, minute=received.minute // 30 * 30),
                   procedure.processing_time, procedure.time_unit, agency)
        day = timezone.localdate(submitted)
        key = (center.code, day)
        counters[key] = counters.get(key, 0) + 1
        rounds = 0
        if rng.random() < rates.supplement:
            rounds = 2 if rng.random() < rates.second_supplement / rates.supplement else 1
        # Each supplement round pauses the clock; the terms are replayed as the lifecycle
        # moves them (dossiers.terms), so the 766 due date carries the paused time.
        pauses = []
        for i in range(rounds):
            start = received + dt.timedelta(hours=4 + 24 * i)
            pauses.append(Pause(kind="supplement", started_at=start,
                                ended_at=start + dt.timedelta(hours=20), reason="Bổ sung"))
        street = rng.choice(STREETS)
        dossier = Dossier(
            code=f"{center.code}-{day:%y%m%d}-{counters[key]:04d}", procedure=procedure,
            procedure_version=procedure.version, channel=2 if online else 1,
            service_center=center, agency=agency, current_agency=agency,
            applicant_type=1, applicant_name=_name(rng),
            applicant_id_number=f"031{rng.randrange(10**8, 10**9)}",
            applicant_phone=f"09{rng.randrange(10**7, 10**8)}",
            applicant_address=f"{rng.randrange(1, 300)} {street}, Hải Phòng",
            summary=procedure.name[:500], vneid_authenticated=online,
            consulted=[POPULATION_DB] if rng.random() < rates.population_db else [],
            submitted_at=submitted, received_at=received, supplement_rounds=rounds,
            status=t.PROCESSING)
        terms.replay(dossier, pauses, appointment=due, rules=_RULES)
        if rng.random() < rates.resolved:
            begin = max([received, *(p.ended_at for p in pauses)])
            span = dossier.index_due_at - begin
            if rng.random() < rates.on_time and rounds <= 1 and span > dt.timedelta(0):
                finished = begin + span * rng.uniform(0.2, 0.98)
            else:
                finished = dossier.index_due_at + dt.timedelta(hours=rng.randrange(2, 96))
            if finished <= now:
                dossier.result = "approved" if rng.random() < 0.98 else "refused"
                dossier.status = t.RETURNED if rng.random() < rates.returned else t.RESOLVED
                dossier.finished_at, dossier.warn_at = finished, None
                dossier.time_spent = terms.time_spent(dossier, finished, pauses, _RULES)
                if dossier.status == t.RETURNED:
                    dossier.returned_at = finished + dt.timedelta(hours=2)
                    dossier.return_method = "counter"
                    if online:
                        paper = not procedure.result_electronic
                        dossier.return_method = "post" if paper and \
                            rng.random() < rates.post_return else "online"
        has_fees = bool(fees.get(procedure.pk))
        paid_online = has_fees and online and rng.random() < rates.paid_online
        if paid_online:
            dossier.paid_online, dossier.payment_platform = True, 1
        dossiers.append(dossier)
        plans.append((has_fees, paid_online, pauses))
    Dossier.objects.bulk_create(dossiers, batch_size=1000)
    documents, lines, all_pauses, events, results, ratings, syncs = [], [], [], [], [], [], []
    for dossier, (has_fees, paid_online, pauses) in zip(dossiers, plans):
        if rng.random() < rates.digitised:
            reused = rng.random() < rates.reused
            documents.append(DossierDocument(
                dossier=dossier, component_name="Tờ khai", source=DossierDocument.Source.LEGACY,
                file="", content_type="", size=0, sha256="",
                digitisation_code=f"{dossier.code}.01", reused=reused, electronic=True,
                from_store=reused and rng.random() < rates.from_store))
        if has_fees:
            for kind, description, amount in fees[dossier.procedure_id]:
                lines.append(FeeLine(dossier=dossier, kind=kind, description=description,
                                     amount=amount, stage=FeeLine.Stage.RECEPTION,
                                     paid_at=dossier.received_at, paid_online=paid_online))
        for pause in pauses:
            pause.dossier = dossier
            all_pauses.append(pause)
        steps = [("submit", t.SUBMITTED, dossier.submitted_at),
                 ("receive", t.RECEIVED, dossier.received_at)]
        if dossier.finished_at:
            steps.append(("approve" if dossier.result == "approved" else "reject", t.RESOLVED,
                          dossier.finished_at))
        if dossier.returned_at:
            steps.append(("return_result", t.RETURNED, dossier.returned_at))
        events.extend(DossierEvent(dossier=dossier, seq=i, action=action, to_status=status,
                                   agency_id=dossier.agency_id, at=at)
                      for i, (action, status, at) in enumerate(steps, 1))
        if dossier.finished_at and dossier.procedure.result_electronic and \
                rng.random() < rates.e_result:
            results.append(Result(dossier=dossier, kind="approved", title=dossier.procedure.result[:300]
                                  or dossier.procedure.name[:300], number=f"KQ.{dossier.code}",
                                  verification_code=secrets.token_hex(16), file="",
                                  content_type="application/pdf", size=0, sha256="",
                                  issued_at=dossier.finished_at, signer=dossier.agency.name))
            documents.append(DossierDocument(
                dossier=dossier, component_name=f"{RESULT_DOCUMENT_PREFIX}{results[-1].title}"[:600],
                source=DossierDocument.Source.RESULT, file="", content_type="application/pdf",
                size=0, sha256="", electronic=True, digitisation_code=results[-1].number,
                from_store=dossier.channel == 2))
        if dossier.returned_at and rng.random() < rates.rated:
            overall = "dissatisfied" if rng.random() < rates.dissatisfied else "satisfied"
            ratings.append(Rating(dossier=dossier, agency_id=dossier.agency_id,
                                  service_center_id=dossier.service_center_id, channel="link",
                                  overall=overall, created_at=dossier.returned_at))
        synced = rng.random() < rates.synced
        syncs.append(DossierSync(dossier=dossier, created_remote=synced, version=1,
                                 state=DossierSync.State.SYNCED if synced
                                 else DossierSync.State.PENDING,
                                 synced_at=dossier.received_at if synced else None))
    for model, rows in ((DossierDocument, documents), (FeeLine, lines), (Pause, all_pauses),
                        (DossierEvent, events), (Result, results), (Rating, ratings),
                        (DossierSync, syncs)):
        model.objects.bulk_create(rows, batch_size=2000)
        totals[model.__name__] = totals.get(model.__name__, 0) + len(rows)
    refresh_document_flags({d.dossier_id for d in documents})
    totals["dossiers"] += len(dossiers)
