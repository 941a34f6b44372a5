"""Every dossier and every step reach the national portal, in order, exactly once, through the
outbox and its worker, against the local simulator (no mocks): refusals, timeouts and outages
included."""

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from dossiers.actions import check_create, do_action, do_create
from dossiers.models import Dossier
from dossiers.tests.test_intake import APPLICANT
from integrations.national.registry import portal
from integrations.national.simulator import Simulator
from motcua import test as cast
from sync.models import DossierSync, SyncMessage
from sync.payloads import dossier_record

pytestmark = pytest.mark.django_db

TOKEN = "bi-mat-dvcqg"
RELATE = "1.004884"  # Đăng ký lại khai sinh (counter intake, 8.000 đ)


@pytest.fixture
def national(settings):
    """The simulator on loopback, and the portal plugin pointed at it (0.3 s timeout)."""
    simulator = Simulator(token=TOKEN)
    settings.MOTCUA_NATIONAL_PORTAL = [("integrations.national.contrib.dvcqg.DVCQGPortal", {
        "url": simulator.url, "token": TOKEN, "unit_code": "000.00.00.H26", "timeout": 0.3})]
    settings.MOTCUA_SYNC_BACKOFF = 0  # time passes between the worker's rounds here
    portal.cache_clear()
    yield simulator
    simulator.stop()
    portal.cache_clear()


def run_worker(rounds=50, *, until_done=True):
    """What db_worker does, round after round, until no job is left (a retry's delay is taken
    as elapsed). Returns the sync jobs' outcomes. With until_done=False it just stops after
    `rounds`, as a worker that has not caught up yet."""
    outcomes = []
    for _ in range(rounds):
        jobs = list(DBTaskResult.objects.filter(status="READY").order_by("enqueued_at", "id"))
        if not jobs:
            return outcomes
        for job in jobs:
            job.delete()
            outcome = job.task.call(*job.args_kwargs["args"], **job.args_kwargs["kwargs"])
            if job.task_path.endswith("sync_dossier"):
                outcomes.append(outcome)
    if until_done:
        raise AssertionError(f"the worker never ran dry: {outcomes[-10:]}")
    return outcomes


def take_in(officer, procedure=RELATE, **extra):
    cleaned = check_create(officer, {"procedure": procedure, "receive": True, **APPLICANT,
                                     **extra})
    return do_create(cleaned, officer)


def synced_this_month(agency):
    """Indicator 1.4 of the unit for this month: (synced, received)."""
    from indicators import engine, periods

    month = periods.parse(f"{timezone.localdate():%Y-%m}")
    index = engine.compute(engine.scope_for(agency), month)
    row = next(f for f in index["indicators"] if f["id"] == "1.4")
    return row["numerator"], row["denominator"]


def events_of(code):
    return list(Dossier.objects.get(code=code).events.order_by("seq").values_list("seq", flat=True))


def test_a_dossier_and_each_of_its_steps_reach_the_portal(client, national, counter_officer,
                                                          specialist, commune_leader):
    dossier = take_in(counter_officer)
    assert DossierSync.objects.get(dossier=dossier).state == "pending"
    run_worker()
    held = national.state.dossiers[dossier.code]
    assert held["TrangThaiHoSo"] == 2 and held["MaTTHC"] == RELATE
    assert held["DonViXuLy"] == cast.commune_agency(cast.HONG_BANG)
    assert len(held["NgayTiepNhan"]) == 14 and held["NgayTiepNhan"].isdigit()
    assert held["NgayHenTra"] and held["KenhThucHien"] == 1 and held["PhienBan"] == 1
    steps = national.state.steps[dossier.code]
    assert [s["SoThuTu"] for s in steps] == [1, 2]
    assert steps[1]["TrangThaiHoSo"] == 2 and steps[1]["ChucDanh"] == "Cán bộ tiếp nhận"
    assert steps[1]["NguoiXuLy"] == "motcua.hongbang"
    sync = DossierSync.objects.get(dossier=dossier)
    assert sync.state == "synced" and sync.synced_at and sync.created_remote
    assert synced_this_month(dossier.agency) == (1, 1)  # indicator 1.4 counts it
    pending = take_in(counter_officer)
    assert synced_this_month(dossier.agency) == (1, 2)
    run_worker()

    for user, action, data in [(counter_officer, "transfer", {}),
                               (commune_leader, "assign", {"assignee": "chuyenvien.hongbang"}),
                               (specialist, "propose", {"decision": "approve"}),
                               (commune_leader, "approve", {})]:
        do_action(user, dossier.code, action, data)
    run_worker()
    held = national.state.dossiers[dossier.code]
    assert held["TrangThaiHoSo"] == 9 and held["NgayKetThucXuLy"] and held["PhienBan"] >= 2
    assert [s["SoThuTu"] for s in national.state.steps[dossier.code]] == events_of(dossier.code)
    assert national.state.creates == {dossier.code: 1, pending.code: 1}
    assert national.state.violations == []
    # The API and the office page say so.
    client.force_login(counter_officer)
    body = client.get(f"/api/v1/dossiers/{dossier.code}").json()
    assert body["national_sync"]["state"] == "synced" and body["national_sync"]["synced_at"]
    assert "Đã đồng bộ" in client.get(f"/can-bo/ho-so/{dossier.code}/").content.decode()


def test_a_record_the_portal_already_holds_is_updated_not_created_again(national,
                                                                        counter_officer):
    dossier = take_in(counter_officer)
    # An earlier send reached the portal but its answer was lost.
    national.state.dossiers[dossier.code] = {**dossier_record(dossier), "PhienBan": 0}
    national.state.creates[dossier.code] = 1
    run_worker()
    assert national.state.creates[dossier.code] == 1
    assert national.state.updates[dossier.code] == 1
    assert national.state.dossiers[dossier.code]["PhienBan"] == 1
    assert DossierSync.objects.get(dossier=dossier).state == "synced"


def test_timeouts_and_outages_are_retried_without_duplicates(national, counter_officer):
    national.state.control(mode="timeout", delay=0.6, count=2)  # answered after we gave up
    dossier = take_in(counter_officer)
    first = run_worker()
    assert "retry" in first
    message = SyncMessage.objects.filter(dossier=dossier).order_by("seq").first()
    assert message.attempts >= 2 and message.status == "sent"
    national.state.control(mode="fail", count=3)  # 503 three times
    do_action(counter_officer, dossier.code, "transfer", {})
    outcomes = run_worker()
    assert outcomes.count("retry") == 3 and outcomes[-1] == "synced"
    assert national.state.creates == {dossier.code: 1} and national.state.violations == []
    assert [s["SoThuTu"] for s in national.state.steps[dossier.code]] == [1, 2, 3]


def test_a_rejected_field_stops_the_dossier_until_a_supervisor_retries(client, national,
                                                                       counter_officer,
                                                                       supervisor):
    national.state.control(mode="reject", field="SoDienThoai")
    dossier = take_in(counter_officer)
    assert run_worker() == ["failed"]
    sync = DossierSync.objects.get(dossier=dossier)
    assert sync.state == "failed" and "SoDienThoai" in sync.last_error
    # Later changes wait behind the failure, in order.
    do_action(counter_officer, dossier.code, "transfer", {})
    assert run_worker() == ["failed"]
    assert dossier.code not in national.state.dossiers

    client.force_login(supervisor)
    page = client.get("/can-bo/dong-bo/").content.decode()
    assert dossier.code in page and "SoDienThoai" in page
    national.state.control(mode="ok")  # the cause is fixed (here: the portal's rule)
    response = client.post("/can-bo/dong-bo/", {"dossier": dossier.code})
    assert response.status_code == 302
    run_worker()
    assert DossierSync.objects.get(dossier=dossier).state == "synced"
    assert national.state.dossiers[dossier.code]["TrangThaiHoSo"] == 4
    assert [s["SoThuTu"] for s in national.state.steps[dossier.code]] == [1, 2, 3]
    page = client.get("/can-bo/dong-bo/").content.decode()
    assert "sẽ được gửi lại" in page  # the message of the retry, then the list is empty:
    assert f'href="/can-bo/ho-so/{dossier.code}/"' not in page


def test_without_a_portal_the_records_wait_and_go_when_one_is_configured(
        settings, counter_officer):
    settings.MOTCUA_NATIONAL_PORTAL = []
    portal.cache_clear()
    dossier = take_in(counter_officer)
    assert not DBTaskResult.objects.filter(task_path__endswith="sync_dossier").exists()
    assert SyncMessage.objects.filter(dossier=dossier, status="pending").count() == 3
    simulator = Simulator()
    try:
        settings.MOTCUA_NATIONAL_PORTAL = [("integrations.national.contrib.dvcqg.DVCQGPortal",
                                            {"url": simulator.url})]
        portal.cache_clear()
        from django.core.management import call_command
        call_command("sync_national")
        run_worker()
        assert simulator.state.dossiers[dossier.code]["TrangThaiHoSo"] == 2
    finally:
        simulator.stop()
        portal.cache_clear()


@pytest.mark.slow
def test_two_thousand_dossiers_through_an_outage_arrive_once_and_in_order(
        national, counter_officer, specialist, commune_leader):
    """Continuous intake and processing of 2,000 dossiers while the portal fails (5xx) and
    times out for a while: after it recovers every dossier and every step is there exactly
    once, in order, and the portal holds each dossier's latest version."""
    codes = []
    faults = {4: dict(mode="fail"), 8: dict(mode="timeout", delay=0.4, count=6),
              9: dict(mode="slow", delay=0.01, count=50), 12: dict(mode="ok")}
    for batch in range(20):
        if batch in faults:
            national.state.control(**faults[batch])
        for i in range(100):
            dossier = take_in(counter_officer)
            codes.append(dossier.code)
            if i % 2 == 0:
                do_action(counter_officer, dossier.code, "transfer", {})
            if i % 10 == 0:
                do_action(commune_leader, dossier.code, "assign",
                          {"assignee": "chuyenvien.hongbang"})
        run_worker(rounds=3, until_done=False)  # the worker keeps up as it can
    national.state.control(mode="ok")
    run_worker(rounds=200)

    state = national.state
    assert len(codes) == 2000 and len(state.dossiers) == 2000
    # The outage was real: many requests were refused or answered too late and sent again.
    delivered = sum(state.creates.values()) + sum(state.updates.values()) + \
        sum(len(s) for s in state.steps.values())
    assert state.requests - delivered > 100
    assert set(state.creates.values()) == {1}
    assert state.violations == []
    events = {}
    for code, seq in Dossier.objects.filter(code__in=codes).values_list("code", "events__seq"):
        events.setdefault(code, []).append(seq)
    assert sum(len(v) for v in events.values()) == sum(len(s) for s in state.steps.values())
    for code in codes:
        assert [s["SoThuTu"] for s in state.steps[code]] == sorted(events[code])
        dossier = Dossier.objects.get(code=code)
        assert state.dossiers[code]["TrangThaiHoSo"] == (4 if dossier.status == "processing"
                                                         else 2)
    assert not SyncMessage.objects.filter(status__in=["pending", "failed"]).exists()
    assert set(DossierSync.objects.values_list("state", flat=True)) == {"synced"}


def test_a_change_published_in_the_national_database_reaches_the_local_catalog(national):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    from catalog.actions import procedures_with_parts
    from catalog.interchange import serialize_procedure
    from catalog.models import Procedure
    from sync.national_catalog import to_national

    procedure = procedures_with_parts(Procedure.objects.filter(code=cast.KNOWN_PROCEDURE)).get()
    local = serialize_procedure(procedure)
    record = to_national(local)
    record["TenTTHC"] = "Đăng ký khai sinh (sửa đổi)"
    record["ThanhPhanHoSo"].append({"TenGiayTo": "Văn bản ủy quyền đăng ký khai sinh (nếu có)",
                                    "SoBanChinh": 1, "SoBanSao": 0, "BatBuoc": 1})
    national.state.procedures = [record]
    before = procedure.version
    out = __import__("io").StringIO()
    call_command("import_national_catalog", stdout=out)
    procedure = Procedure.objects.get(code=cast.KNOWN_PROCEDURE)
    assert procedure.name == "Đăng ký khai sinh (sửa đổi)"
    assert procedure.version == before + 1
    assert procedure.components.filter(name="Văn bản ủy quyền đăng ký khai sinh (nếu có)").exists()
    assert procedure.versions.order_by("-number").first().source == "national"
    # What only the province keeps is kept: its process, declaration and keywords.
    assert procedure.keywords == local["keywords"]
    assert procedure.form_fields.count() == len(local["form_fields"]) > 0
    assert list(procedure.process_steps.values_list("name", flat=True)) == \
        [s["name"] for s in local["process"]]
    # The same publication again changes nothing.
    call_command("import_national_catalog", stdout=out)
    assert Procedure.objects.get(code=cast.KNOWN_PROCEDURE).version == before + 1
    # Bad records: nothing is imported, each problem is named. A new national time limit that
    # no longer matches the province's internal process asks for the process to be re-planned.
    national.state.procedures = [{**record, "TenTTHC": "Tên khác"},
                                 {**record, "MaTTHC": "1.999999", "DonViThoiGian": "tuần"}]
    err = __import__("io").StringIO()
    with pytest.raises(CommandError):
        call_command("import_national_catalog", stdout=out, stderr=err)
    assert "LayThuTuc[1] DonViThoiGian" in err.getvalue()
    national.state.procedures = [{**record, "ThoiHanGiaiQuyet": 3}]
    err = __import__("io").StringIO()
    with pytest.raises(CommandError):
        call_command("import_national_catalog", stdout=out, stderr=err)
    assert "process" in err.getvalue() and "(3)" in err.getvalue()
    assert Procedure.objects.get(code=cast.KNOWN_PROCEDURE).name == "Đăng ký khai sinh (sửa đổi)"


def test_a_supervisor_sends_failed_dossiers_again_from_the_admin(client, national,
                                                                 counter_officer, supervisor):
    national.state.control(mode="reject", field="TrichYeuHoSo")
    dossier = take_in(counter_officer)
    assert run_worker() == ["failed"]
    national.state.control(mode="ok")
    client.force_login(supervisor)
    listing = client.get("/admin/sync/dossiersync/")
    assert listing.status_code == 200 and dossier.code in listing.content.decode()
    response = client.post("/admin/sync/dossiersync/", {
        "action": "send_again", "_selected_action": [dossier.pk]})
    assert response.status_code == 302
    run_worker()
    assert DossierSync.objects.get(dossier=dossier).state == "synced"
    assert national.state.creates == {dossier.code: 1}
