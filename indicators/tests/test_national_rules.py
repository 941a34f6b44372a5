"""The Decision 766 index as the national portal computes it (DOMAIN.md §5.1, §5.2), on a month
designed by hand and lived through MotCua's own lifecycle at the moments it says (a clock
stands in for the time), for a commune, a department and the province, through the API. The
same month exported in the national format and imported gives the same index."""

import datetime as dt
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from dossiers.actions import check_create, check_submit_online, do_action, do_create, scan_deadlines
from dossiers.models import Dossier
from dossiers.tests.test_intake import APPLICANT
from indicators import engine, periods
from motcua import test as cast
from motcua.test import run_jobs
from payments import actions as payments
from payments.registry import providers
from portal.store import check_digitise, do_digitise
from sync.legacy import check_rows, do_import_row
from sync.models import DossierSync
from sync.payloads import dossier_record, step_record
from units.models import Agency, StaffRole

pytestmark = pytest.mark.django_db

RELATE = "1.004884"  # Đăng ký lại khai sinh: commune, 5 working days, lệ phí 8.000 đ
FINANCE = "000.00.04.H26"  # Sở Tài chính
FINANCE_PROCEDURE = "2.001610"  # 3 working days, fees, full online, electronic result
PROVINCE_CENTER = "000.00.31.H26"
TZ = timezone.get_default_timezone()


def at(day, month=10, hour=8, minute=0):
    return timezone.make_aware(dt.datetime(2026, month, day, hour, minute), TZ)


@pytest.fixture
def clock(monkeypatch):
    """timezone.now() answers what the test says."""
    state = {"now": None}
    real = timezone.now
    monkeypatch.setattr(timezone, "now", lambda: state["now"] or real())

    def set_to(moment):
        state["now"] = moment
    return set_to


@pytest.fixture
def finance_staff(db):
    return {
        "counter": cast.make_staff("motcua.tinh", StaffRole.Role.COUNTER_OFFICER,
                                   "000.00.00.H26", PROVINCE_CENTER, first_name="Ngọc Anh",
                                   last_name="Phạm"),
        "leader": cast.make_staff("lanhdao.taichinh", StaffRole.Role.LEADER, FINANCE,
                                  first_name="Văn Hùng", last_name="Trần"),
        "specialist": cast.make_staff("chuyenvien.taichinh", StaffRole.Role.SPECIALIST, FINANCE,
                                      first_name="Thu Trang", last_name="Lê"),
    }


def catalog_fee(code):
    from catalog.models import Procedure

    return [{"fee": f.pk} for f in Procedure.objects.get(code=code).fees.all() if f.amount]


def take_in(officer, clock, moment, procedure=RELATE, fees=None):
    """Submitted at the counter and received at once, with the fees owed at reception."""
    clock(moment)
    dossier = do_create(check_create(officer, {"procedure": procedure, **APPLICANT}), officer)
    return do_action(officer, dossier.code, "receive", {"fees": fees or []})


def act(user, clock, moment, dossier, action, **data):
    clock(moment)
    done = do_action(user, dossier.code, action, data)
    run_jobs("sign_result")  # a decision's electronic result, signed as the worker does
    return done


def start_processing(staff, clock, moment, dossier, specialist="chuyenvien.hongbang"):
    act(staff["counter"], clock, moment, dossier, "transfer")
    act(staff["leader"], clock, moment + dt.timedelta(minutes=30), dossier, "assign",
        assignee=specialist)


def scan(officer, clock, moment, dossier):
    clock(moment)
    upload = SimpleUploadedFile("to-khai.pdf", cast.sample_pdf(), "application/pdf")
    do_digitise(dossier, check_digitise(officer, dossier, {"component_name": "Tờ khai"},
                                        upload), officer)


def pay_at_counter(officer, clock, moment, dossier):
    from dossiers import fees

    clock(moment)
    payments.do_counter_payment(dossier, fees.outstanding(dossier), officer)


def pay_online(user, clock, moment, dossier):
    from dossiers import fees

    clock(moment)
    provider = providers()["demo"]
    payment = payments.do_start(dossier, provider, fees.outstanding(dossier), user)
    payments.do_demo_pay(payment, provider)


@pytest.fixture
def october(settings, clock, counter_officer, specialist, commune_leader, finance_staff):
    """Hồng Bàng's October and Sở Tài chính's, each dossier with its known outcome."""
    settings.MOTCUA_SUPPLEMENT_MAX_ROUNDS = 2  # so a dossier can be asked twice (late)
    settings.MOTCUA_SUPPLEMENT_WITHIN_DAYS = 0
    commune = {"counter": counter_officer, "leader": commune_leader, "specialist": specialist}
    fee = catalog_fee(RELATE)
    d = {}
    # a: on time, scanned at the counter, fee paid there, electronic result, returned.
    d["a"] = take_in(counter_officer, clock, at(5), fees=fee)
    scan(counter_officer, clock, at(5, hour=8, minute=10), d["a"])
    pay_at_counter(counter_officer, clock, at(5, hour=8, minute=20), d["a"])
    start_processing(commune, clock, at(5, hour=9), d["a"])
    act(specialist, clock, at(7, hour=10), d["a"], "propose", decision="approve")
    act(commune_leader, clock, at(7, hour=10), d["a"], "approve")
    act(counter_officer, clock, at(8, hour=9), d["a"], "return_result", method="counter")
    # b: one supplement of 5 working days; approved after the first appointment but before
    # it plus the pause: on time, as the index subtracts the pause.
    d["b"] = take_in(counter_officer, clock, at(5))
    start_processing(commune, clock, at(5, hour=9), d["b"])
    act(specialist, clock, at(6, hour=9), d["b"], "request_supplement",
        missing=["Bản sao giấy khai sinh"], reason="Bản sao không rõ nét")
    act(counter_officer, clock, at(13, hour=9), d["b"], "resume")
    act(specialist, clock, at(16, hour=10), d["b"], "propose", decision="approve")
    act(commune_leader, clock, at(16, hour=10), d["b"], "approve")
    # c: asked twice: late although decided early.
    d["c"] = take_in(counter_officer, clock, at(5))
    start_processing(commune, clock, at(5, hour=9), d["c"])
    for day in (6, 7):
        act(specialist, clock, at(day, hour=9), d["c"], "request_supplement",
            missing=["Văn bản cam đoan"], reason="Thiếu chữ ký")
        act(counter_officer, clock, at(day, hour=15), d["c"], "resume")
    act(specialist, clock, at(8, hour=10), d["c"], "propose", decision="approve")
    act(commune_leader, clock, at(8, hour=10), d["c"], "approve")
    # d: asked once and never answered: it ends at the request, before its due date.
    d["d"] = take_in(counter_officer, clock, at(7))
    start_processing(commune, clock, at(7, hour=9), d["d"])
    act(specialist, clock, at(8, hour=9), d["d"], "request_supplement",
        missing=["Tờ khai"], reason="Tờ khai thiếu thông tin")
    # e: received at the end of the month, due in November: open and on time.
    d["e"] = take_in(counter_officer, clock, at(26))
    # f: open past its due date (12/10): late.
    d["f"] = take_in(counter_officer, clock, at(5), fees=fee)
    start_processing(commune, clock, at(5, hour=9), d["f"])
    # g: withdrawn by the person the day after: ended on time.
    d["g"] = take_in(counter_officer, clock, at(5))
    act(counter_officer, clock, at(6, hour=10), d["g"], "withdraw", reason="Người dân rút")
    # p: waiting for a financial obligation since before its due date: the clock stands.
    d["p"] = take_in(counter_officer, clock, at(12))
    start_processing(commune, clock, at(12, hour=9), d["p"])
    act(specialist, clock, at(13, hour=9), d["p"], "require_payment",
        reason="Nộp lệ phí trích lục", fees=[{"description": "Lệ phí trích lục", "amount": 8000,
                                              "kind": "charge"}])
    # h: refused at reception: never received, not counted.
    clock(at(9))
    h = do_create(check_create(counter_officer, {"procedure": RELATE, **APPLICANT}),
                  counter_officer)
    act(counter_officer, clock, at(9, hour=9), h, "refuse", reason="Không thuộc thẩm quyền")
    d["h"] = h

    staff = finance_staff
    finance_fee = catalog_fee(FINANCE_PROCEDURE)
    # k: late (due 8/10, decided 12/10); fees paid at the counter.
    d["k"] = take_in(staff["counter"], clock, at(5), procedure=FINANCE_PROCEDURE,
                     fees=finance_fee)
    pay_at_counter(staff["counter"], clock, at(5, hour=8, minute=30), d["k"])
    start_processing(staff, clock, at(5, hour=9), d["k"], "chuyenvien.taichinh")
    act(staff["specialist"], clock, at(12, hour=10), d["k"], "propose", decision="approve")
    act(staff["leader"], clock, at(12, hour=10), d["k"], "approve")
    act(staff["counter"], clock, at(12, hour=14), d["k"], "return_result", method="post")
    # m: filed online, fees paid online, electronic result returned online: full online.
    person = cast.make_user("031190002222", first_name="Minh Tú", last_name="Hoàng")
    clock(at(5, hour=7))
    m = do_create(check_submit_online(person, {"procedure": FINANCE_PROCEDURE, **APPLICANT}),
                  person)
    act(staff["counter"], clock, at(5, hour=8), m, "receive", fees=finance_fee)
    pay_online(person, clock, at(5, hour=8, minute=40), Dossier.objects.get(pk=m.pk))
    start_processing(staff, clock, at(5, hour=9), m, "chuyenvien.taichinh")
    act(staff["specialist"], clock, at(6, hour=10), m, "propose", decision="approve")
    act(staff["leader"], clock, at(6, hour=10), m, "approve")
    act(staff["counter"], clock, at(6, hour=14), m, "return_result", method="online")
    d["m"] = m
    clock(None)
    return {k: Dossier.objects.get(pk=v.pk) for k, v in d.items()}


def index_of(client, user, unit, period="2026-10"):
    client.force_login(user)
    response = client.get("/api/v1/indicators/766", {"unit": unit, "period": period})
    assert response.status_code == 200, response.content
    return {f["id"]: f for f in response.json()["indicators"]}


def figure(f):
    return f["numerator"], f["denominator"], f["points"]


HONG_BANG = cast.commune_agency(cast.HONG_BANG)


def test_the_fixture_lived_what_it_says(october):
    d = october
    assert d["b"].first_due_at == at(12) and d["b"].index_due_at == at(19)
    assert d["b"].due_at == at(20, hour=9)  # the law restarts the time limit after it
    assert d["c"].supplement_rounds == 2 and d["d"].status == "supplement"
    assert d["p"].status == "payment" and d["h"].received_at is None
    assert d["m"].channel == 2 and d["m"].paid_online and d["m"].return_method == "online"
    assert d["a"].time_spent is not None and d["b"].time_spent < 5


def test_pauses_and_end_states_decide_2_1(client, october, supervisor):
    commune = index_of(client, supervisor, HONG_BANG)
    # Received in October: a b c d e f g p (h was refused, never received). Late: c (two
    # supplement requests) and f (open past its due date); b is on time once its pause is
    # subtracted, d ends at its single supplement request, e is not due yet, g withdrew,
    # p waits for a payment since before its due date.
    assert figure(commune["2.1"]) == (6, 8, 15.0)
    assert figure(commune["5.4"]) == (6, 8, 5.0)  # 100 % − 2/8 late, target 90 %
    rows = client.get("/api/v1/indicators/766/drilldown", {
        "unit": HONG_BANG, "period": "2026-10", "indicator": "2.1"}).json()
    assert {r["code"] for r in rows} == {october["c"].code, october["f"].code}


def test_full_online_needs_online_filing_payment_and_result(client, october, supervisor):
    finance = index_of(client, supervisor, FINANCE)
    assert figure(finance["2.1"]) == (1, 2, 10.0)
    assert figure(finance["3.1"]) == (1, 2, 6.0)  # m; k was taken in at the counter
    assert figure(finance["3.6"]) == (1, 2, 3.0)  # k paid at the counter
    assert figure(finance["4.1"]) == (2, 2, 6.0)  # both electronic results
    assert figure(finance["4.4"]) == (1, 2, 2.0)  # m's result went to the person's store
    commune = index_of(client, supervisor, HONG_BANG)
    assert figure(commune["3.1"]) == (0, 8, 0.0)  # all at the counter
    assert figure(commune["3.6"]) == (0, 3, 0.0)  # a and f owe the fee, p its obligation


def test_digitised_needs_the_components_and_the_electronic_result(client, october,
                                                                  supervisor):
    commune = index_of(client, supervisor, HONG_BANG)
    # Only a has a component attached (scanned), and its result is electronic.
    assert figure(commune["4.2"]) == (1, 8, 0.62)  # 4 × (1/8) ÷ 80 %
    assert figure(commune["4.1"]) == (3, 3, 6.0)  # a, b, c decided with electronic results


def test_procedures_with_fees_and_payments(client, october, supervisor):
    from catalog.models import Procedure

    finance = index_of(client, supervisor, FINANCE)
    with_fees = Procedure.objects.filter(agency__code=FINANCE, no_fee=False,
                                         fees__amount__gt=0).distinct().count()
    assert finance["3.5a"]["denominator"] == with_fees >= 1
    assert finance["3.5a"]["numerator"] == 1  # 2.001610 has dossiers with fee lines
    assert finance["3.5b"]["numerator"] == 1  # and one paid online
    commune = index_of(client, supervisor, HONG_BANG)
    assert commune["3.5a"]["numerator"] == 1 and commune["3.5b"]["numerator"] == 0


def test_the_province_adds_up_its_units(client, october, supervisor):
    city = index_of(client, supervisor, "31")
    assert figure(city["2.1"]) == (7, 10, 14.0)  # the commune's 6 of 8 and Finance's 1 of 2
    assert figure(city["3.1"]) == (1, 10, 1.2)
    assert figure(city["3.6"]) == (1, 5, 1.2)
    assert figure(city["4.1"]) == (5, 5, 6.0)
    assert figure(city["5.4"]) == (7, 10, 4.67)  # 100 % − 3/10 late, target 90 %


def test_idle_units_say_so_and_rank_after_the_active_ones(client, october, supervisor):
    le_chan = index_of(client, supervisor, cast.commune_agency(cast.LE_CHAN))
    assert le_chan["2.1"]["value"] is None and le_chan["2.1"]["denominator"] == 0
    assert "Không phát sinh" in le_chan["2.1"]["reason"]
    assert le_chan["2.1"]["points"] == 20.0  # the configured points of an empty indicator
    rows = client.get("/api/v1/indicators/766/rankings",
                      {"kind": "commune", "period": "2026-10"}).json()
    assert rows[0]["unit"] == HONG_BANG and rows[0]["rank"] == 1 and rows[0]["dossiers"] == 8
    assert all(r["idle"] and r["rank"] is None and r["dossiers"] == 0 for r in rows[1:])
    assert rows[1]["band"] == engine.IDLE_BAND
    ranked = client.get("/api/v1/indicators/766/rankings",
                        {"kind": "commune", "period": "2026-10", "idle": "ranked"}).json()
    assert [r["rank"] for r in ranked] == list(range(1, len(ranked) + 1))
    from django.core.management import call_command

    call_command("compute_766", period="2026-10", stdout=__import__("io").StringIO())
    page = client.get("/can-bo/chi-so/", {"period": "2026-10"}).content.decode()
    assert "không phát sinh hồ sơ trong kỳ" in page
    export = client.get("/api/v1/indicators/766/export",
                        {"kind": "commune", "period": "2026-10"}).content.decode("utf-8-sig")
    assert "Không phát sinh hồ sơ trong kỳ" in export


def test_nothing_is_called_late_before_its_due_date(client, clock, counter_officer,
                                                    specialist, commune_leader, supervisor):
    """Inside a running month: on 9 October at noon, a dossier due on the 12th is on time
    everywhere, and one paused for a supplement past its due date is not overdue."""
    commune = {"counter": counter_officer, "leader": commune_leader, "specialist": specialist}
    running = take_in(counter_officer, clock, at(5))  # due 12/10
    paused = take_in(counter_officer, clock, at(1))  # due 8/10
    start_processing(commune, clock, at(1, hour=9), paused)
    act(specialist, clock, at(2, hour=9), paused, "request_supplement", missing=["Tờ khai"],
        reason="Thiếu tờ khai")
    clock(at(9, hour=12))
    figures = index_of(client, supervisor, HONG_BANG)
    assert figure(figures["2.1"]) == (2, 2, 20.0)
    assert client.get("/api/v1/indicators/766/drilldown", {
        "unit": HONG_BANG, "period": "2026-10", "indicator": "2.1"}).json() == []
    listed = client.get("/api/v1/dossiers", {"overdue": "true"}).json()["results"]
    assert listed == []
    assert scan_deadlines(timezone.now())[1] == 0  # the scan reads the same rule
    page = client.get("/can-bo/chi-so/", {"unit": HONG_BANG, "period": "2026-10"})
    assert "0 quá hạn" in page.content.decode() or "0 overdue" in page.content.decode()
    client.force_login(counter_officer)
    inbox = client.get("/can-bo/").content.decode()
    assert running.code in inbox and "quá hạn" not in inbox.split(running.code)[1][:400]
    # Once its due date passes, it is late, and says so.
    clock(at(13, hour=9))
    figures = index_of(client, supervisor, HONG_BANG)
    assert figure(figures["2.1"])[:2] == (1, 2)
    rows = client.get("/api/v1/indicators/766/drilldown", {
        "unit": HONG_BANG, "period": "2026-10", "indicator": "2.1"}).json()
    assert [r["code"] for r in rows] == [running.code]
    assert rows[0]["reason"].startswith("Chưa giải quyết xong")


def test_every_drilldown_lists_the_denominator_less_the_numerator(october):
    for unit in (HONG_BANG, FINANCE, "000.00.00.H26"):
        scope = engine.scope_for(Agency.objects.get(code=unit))
        period = periods.parse("2026-10")
        figures = {f["id"]: f for f in engine.compute(scope, period)["indicators"]}
        for ident in engine.CLASSES:
            f = figures[ident]
            rows = engine.drilldown(ident, scope, period, limit=10_000)
            assert len(rows) == f["denominator"] - f["numerator"], (unit, ident)


def national_records(dossiers):
    """The month in the national format, as MotCua syncs it (with each dossier's steps)."""
    records = []
    for dossier in dossiers:
        record = dossier_record(dossier)
        record["QuaTrinhXuLy"] = [step_record(dossier, e) for e in dossier.events.order_by("seq")]
        records.append(record)
    return json.loads(json.dumps(records, ensure_ascii=False))


def test_the_month_imported_gives_the_same_index(october):
    period = periods.parse("2026-10")
    units = [Agency.objects.get(code=c) for c in (HONG_BANG, FINANCE, "000.00.00.H26")]

    def indexes():
        facts = engine.Facts.gather(period)
        return [engine.compute(engine.scope_for(u), period, facts) for u in units]

    # The records exported are the ones the portal holds: sent by the sync worker.
    DossierSync.objects.filter(dossier__in=october.values()).update(state="synced")
    lived = indexes()
    records = national_records(Dossier.objects.filter(pk__in=[d.pk for d in october.values()]))
    Dossier.objects.filter(pk__in=[d.pk for d in october.values()]).delete()
    assert engine.compute(engine.scope_for(units[0]), period)["dossiers"] == 0
    rows, errors = check_rows(records)
    assert errors == [] and len(rows) == len(records)
    assert all(do_import_row(row) for row in rows)
    imported = indexes()
    for before, after in zip(lived, imported):
        assert before["indicators"] == after["indicators"], before["unit"]
        assert before["total"] == after["total"]
