"""A dossier's terms: the one place where due dates move (DESIGN.md "Derived time is stored").

Every dossier gets its terms here, whichever way it reached MotCua: taken in and processed
(dossiers.actions), imported from a previous system (sync.legacy) or generated
(indicators.simulate). All working time is counted by workcalendar.

Two readings of the due date are kept (DOMAIN.md §4):
- `due_at`, the law's: after a supplement the full time limit restarts when the complete
  dossier comes back; it is the appointment shown to the person and to the officers;
- `index_due_at`, the 766 index's: the first appointment with every paused interval's working
  time added, so that "end − pauses ≤ appointment" reads "end ≤ index_due_at".
Each pause keeps the due dates around it (`due_before`, `due_after`: NgayHenTraTruoc and
NgayHenTraMoi of the national record) and the 766 reading before it (`index_due_before`), so a
dossier can be judged at any past moment (indicators/engine.py).
"""

from decimal import Decimal

from catalog.models import TimeUnit
from dossiers.models import Pause
from workcalendar import calendars


def time_limit(dossier):
    p = dossier.procedure
    return (p.processing_time if p.processing_time is not None else Decimal(0)), p.time_unit


def set_terms(dossier, *, start=None, resumed=None, reappointed=None, appointment=None,
              rules=None):
    """Move the due dates: at reception (`start`; `appointment` when a previous system already
    gave one), when a pause ends (`resumed`), or with a new appointment (`reappointed`).

    After a supplement the law restarts the full time limit from the moment the complete
    dossier is back (due_at), while the 766 index adds the paused working time to its own
    reading (index_due_at). After a payment wait both add the paused time. A new appointment
    (apology) moves due_at only: for the index the dossier is late against its own reading.
    first_due_at keeps the appointment on the receipt.
    """
    amount, unit = time_limit(dossier)
    rules, agency = rules or calendars.YearlyRules(), dossier.agency
    if start is not None:
        due = appointment or calendars.compute_due(start, amount, unit, agency, rules).due
        dossier.due_at = dossier.index_due_at = dossier.first_due_at = due
    elif resumed is not None:
        paused = calendars.working_minutes_between(resumed.started_at, resumed.ended_at,
                                                   agency, rules)
        dossier.index_due_at = calendars.add_working_minutes(dossier.index_due_at, paused,
                                                             agency, rules)
        if resumed.kind == "supplement":
            dossier.due_at = calendars.compute_due(resumed.ended_at, amount, unit, agency,
                                                   rules).due
        else:
            dossier.due_at = calendars.add_working_minutes(dossier.due_at, paused, agency, rules)
        resumed.due_after = dossier.due_at
    elif reappointed is not None:
        dossier.due_at = reappointed
    set_warnings(dossier, rules)


def set_warnings(dossier, rules=None):
    """At risk from one working day before the due date (DOMAIN.md §4), or half-way through a
    shorter time limit."""
    if dossier.due_at is None or dossier.received_at is None:
        return
    rules, agency = rules or calendars.YearlyRules(), dossier.agency
    minutes = Decimal(calendars.timecalc.day_minutes(calendars.periods_for(agency)))
    start = dossier.received_at
    span = calendars.working_minutes_between(start, dossier.due_at, agency, rules)
    dossier.warn_at = calendars.add_working_minutes(start, max(span - minutes, span / 2),
                                                    agency, rules)
    dossier.overdue_since = dossier.warned_at = None


def new_pause(dossier, kind, at, reason="", ended_at=None):
    """A pause starting now, with the due dates it interrupts (not saved)."""
    return Pause(dossier=dossier, kind=kind, started_at=at, ended_at=ended_at, reason=reason,
                 due_before=dossier.due_at, index_due_before=dossier.index_due_at)


def end_pause(dossier, pause, at, rules=None):
    """The person answered (or paid): the pause ends and the terms move."""
    pause.ended_at = at
    set_terms(dossier, resumed=pause, rules=rules)
    pause.save(update_fields=["ended_at", "due_after"])


def finish(dossier, at, pauses=None, rules=None):
    """Processing ended at `at`: the time it took, in the procedure's own unit."""
    dossier.finished_at = at
    if pauses is None:
        pauses = list(dossier.pauses.all()) if dossier.pk else []
    dossier.time_spent = time_spent(dossier, at, pauses, rules)


def time_spent(dossier, end, pauses, rules=None):
    """From reception to `end`, paused intervals left out, in the procedure's unit of time:
    working days or hours through the unit's calendar, calendar days, or months of 30 days.
    None for a dossier never received."""
    start = dossier.received_at
    if start is None or end is None or end < start:
        return None
    rules, agency = rules or calendars.YearlyRules(), dossier.agency
    unit = dossier.procedure.time_unit
    spans = [(max(p.started_at, start), min(p.ended_at or end, end)) for p in pauses
             if p.started_at < end]
    if unit in (TimeUnit.WORKING_DAY, TimeUnit.WORKING_HOUR):
        minutes = calendars.working_minutes_between(start, end, agency, rules) - sum(
            (calendars.working_minutes_between(a, b, agency, rules) for a, b in spans if b > a),
            Decimal(0))
        per = calendars.timecalc.day_minutes(calendars.periods_for(agency)) \
            if unit == TimeUnit.WORKING_DAY else 60
        value = Decimal(minutes) / Decimal(per)
    else:
        seconds = (end - start).total_seconds() - sum(
            (b - a).total_seconds() for a, b in spans if b > a)
        value = Decimal(seconds) / Decimal(86400 * (30 if unit == TimeUnit.MONTH else 1))
    return max(value, Decimal(0)).quantize(Decimal("0.01"))


def replay(dossier, pauses, appointment=None, rules=None):
    """The terms of a dossier whose history is already known (an import, a simulation): set
    from its reception (or the appointment the previous system gave), then moved by each of
    its pauses in order, exactly as the lifecycle would have moved them. `pauses` are unsaved
    Pause rows, filled in with their due dates."""
    if dossier.received_at is None:
        return
    rules = rules or calendars.YearlyRules()
    set_terms(dossier, start=dossier.received_at, appointment=appointment, rules=rules)
    for pause in sorted(pauses, key=lambda p: p.started_at):
        pause.due_before, pause.index_due_before = dossier.due_at, dossier.index_due_at
        if pause.ended_at is not None:
            set_terms(dossier, resumed=pause, rules=rules)
    if dossier.finished_at is not None:
        dossier.time_spent = time_spent(dossier, dossier.finished_at, pauses, rules)
