"""Every action through the API, its effect, and its refusals (409 wrong status, 403 role)."""

import datetime as dt

import pytest
from django.utils import timezone

from dossiers import transitions as t
from dossiers.models import Dossier
from dossiers.tests.test_intake import APPLICANT
from motcua.test import run_jobs

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast(client, counter_officer, specialist, commune_leader):
    return {"counter": counter_officer, "specialist": specialist, "leader": commune_leader}


def act(client, user, code, action, **data):
    client.force_login(user)
    return client.post(f"/api/v1/dossiers/{code}/actions/{action}", data,
                       content_type="application/json")


def new_dossier(client, cast, procedure="1.004884", receive=True):
    client.force_login(cast["counter"])
    response = client.post("/api/v1/dossiers", {"procedure": procedure, "receive": receive,
                                                **APPLICANT}, content_type="application/json")
    assert response.status_code == 201, response.content
    return response.json()["code"]


def processing(client, cast):
    code = new_dossier(client, cast)
    assert act(client, cast["counter"], code, "transfer").status_code == 200
    return code


def test_the_full_happy_path(client, cast):
    code = processing(client, cast)
    body = act(client, cast["leader"], code, "assign", assignee="chuyenvien.hongbang").json()
    assert body["assignee"] == "chuyenvien.hongbang" and body["status_code"] == 4
    assert act(client, cast["specialist"], code, "hand_over").json()["current_step"] == 2
    body = act(client, cast["specialist"], code, "propose", decision="approve").json()
    assert body["proposal"] == "approve" and "approve" not in body["allowed_actions"]
    body = act(client, cast["leader"], code, "approve").json()
    assert body["status"] == "resolved" and body["status_code"] == 9 and body["result"] == "approved"
    body = act(client, cast["counter"], code, "return_result", method="counter").json()
    assert body["status_code"] == 10 and body["returned_at"]
    events = client.get(f"/api/v1/dossiers/{code}/events").json()
    assert [e["action"] for e in events] == ["submit", "receive", "transfer", "assign",
                                              "hand_over", "propose", "approve",
                                              "return_result"]
    assert [e["role"] for e in events][-2:] == ["leader", "counter_officer"]
    assert events[4]["step_due_at"] is not None


def test_a_paper_result_handed_over_is_recorded_once(client, cast):
    code = processing(client, cast)
    act(client, cast["leader"], code, "assign", assignee="chuyenvien.hongbang")
    act(client, cast["specialist"], code, "propose", decision="approve")
    act(client, cast["leader"], code, "approve")
    run_jobs("sign_result")  # the electronic result signed, as the worker does
    body = act(client, cast["counter"], code, "return_result", method="online").json()
    assert body["status_code"] == 10 and body["paper_returned_at"] is None
    assert body["allowed_actions"] == ["hand_over_paper"]
    # The person comes for the paper original later: recorded at the counter, once.
    assert act(client, cast["counter"], code, "hand_over_paper",
               method="email").status_code == 400
    assert act(client, cast["leader"], code, "hand_over_paper").status_code == 403
    body = act(client, cast["counter"], code, "hand_over_paper", method="counter").json()
    assert body["status_code"] == 10 and body["paper_returned_at"]
    response = act(client, cast["counter"], code, "hand_over_paper", method="post")
    assert response.status_code == 400 and "action" in response.json()["fields"]
    events = client.get(f"/api/v1/dossiers/{code}/events").json()
    assert [e["action"] for e in events][-2:] == ["return_result", "hand_over_paper"]
    # Returned at the counter, the paper went with it.
    other = processing(client, cast)
    act(client, cast["leader"], other, "assign", assignee="chuyenvien.hongbang")
    act(client, cast["specialist"], other, "propose", decision="approve")
    act(client, cast["leader"], other, "approve")
    body = act(client, cast["counter"], other, "return_result", method="post").json()
    assert body["paper_returned_at"] == body["returned_at"]
    assert body["allowed_actions"] == []


def test_refusal_at_reception_needs_a_reason(client, cast):
    code = new_dossier(client, cast, receive=False)
    response = act(client, cast["counter"], code, "refuse")
    assert response.status_code == 400 and "reason" in response.json()["fields"]
    body = act(client, cast["counter"], code, "refuse", reason="Không thuộc thẩm quyền").json()
    assert body["status_code"] == 3


def test_a_supplement_at_reception_then_resubmission(client, cast):
    code = new_dossier(client, cast, receive=False)
    response = act(client, cast["counter"], code, "request_supplement", reason="Thiếu giấy tờ")
    assert response.status_code == 400 and "missing" in response.json()["fields"]
    body = act(client, cast["counter"], code, "request_supplement", reason="Thiếu giấy tờ",
               missing=["Bản sao giấy khai sinh"]).json()
    assert body["status_code"] == 5 and body["supplement_rounds"] == 0
    assert act(client, cast["counter"], code, "resume").status_code == 400
    assert act(client, cast["counter"], code, "resubmit").json()["status_code"] == 1


def test_a_supplement_during_processing_pauses_and_keeps_both_readings(client, cast, monkeypatch):
    clock = {"now": timezone.make_aware(dt.datetime(2026, 3, 2, 8, 0))}
    monkeypatch.setattr("django.utils.timezone.now", lambda: clock["now"])
    code = processing(client, cast)  # 5 working days from Mon 02/03 08:00
    dossier = Dossier.objects.get(code=code)
    assert timezone.localtime(dossier.due_at) == timezone.make_aware(dt.datetime(2026, 3, 9, 8, 0))
    clock["now"] = timezone.make_aware(dt.datetime(2026, 3, 3, 8, 0))
    body = act(client, cast["specialist"], code, "request_supplement", reason="Thiếu",
               missing=["Văn bản cam đoan"]).json()
    assert body["status_code"] == 5 and body["supplement_rounds"] == 1
    clock["now"] = timezone.make_aware(dt.datetime(2026, 3, 5, 8, 0))  # two working days later
    body = act(client, cast["counter"], code, "resume").json()
    assert body["status_code"] == 4
    # The law restarts the full five days; the 766 reading adds the two paused days.
    assert body["due_at"] == "2026-03-12T08:00:00+07:00"
    assert body["index_due_at"] == "2026-03-11T08:00:00+07:00"
    assert body["first_due_at"] == "2026-03-09T08:00:00+07:00"
    dossier = Dossier.objects.get(code=code)
    pause = dossier.pauses.get()
    assert pause.ended_at is not None and pause.kind == "supplement"


def test_payment_pauses_the_clock(client, cast):
    code = processing(client, cast)
    body = act(client, cast["specialist"], code, "require_payment", reason="Lệ phí 8.000 đồng").json()
    assert body["status_code"] == 6
    assert act(client, cast["counter"], code, "confirm_payment").json()["status_code"] == 4


def test_reappointment_is_allowed_once_and_keeps_the_original_date(client, cast):
    code = processing(client, cast)
    due = Dossier.objects.get(code=code).due_at
    later = (due + dt.timedelta(days=3)).isoformat()
    body = act(client, cast["leader"], code, "reappoint", reason="Cần xác minh thêm",
               new_due_at=later).json()
    assert body["reappointed"] is True
    assert body["first_due_at"] == timezone.localtime(due).isoformat()
    again = act(client, cast["leader"], code, "reappoint", reason="Lần hai",
                new_due_at=(due + dt.timedelta(days=6)).isoformat())
    assert again.status_code == 400


def test_withdrawal_and_stop(client, cast):
    code = processing(client, cast)
    assert act(client, cast["counter"], code, "withdraw", reason="Công dân rút").json()[
        "status_code"] == 7
    other = processing(client, cast)
    assert act(client, cast["leader"], other, "stop", reason="Hồ sơ giả mạo").json()[
        "status_code"] == 8


def test_an_illegal_action_is_a_409_naming_the_status_and_what_is_allowed(client, cast):
    code = new_dossier(client, cast, receive=False)
    response = act(client, cast["leader"], code, "approve")
    assert response.status_code == 409
    body = response.json()
    assert body["error"] == "conflict" and body["status"] == "submitted"
    assert body["allowed_actions"] == []  # a leader has nothing to do at reception
    response = act(client, cast["counter"], code, "approve")
    assert response.json()["allowed_actions"] == ["receive", "refuse", "request_supplement",
                                                  "withdraw"]


def test_a_role_not_allowed_gets_403(client, cast):
    code = processing(client, cast)
    assert act(client, cast["specialist"], code, "approve").status_code == 403
    assert Dossier.objects.get(code=code).status == "processing"


def test_an_unknown_action_is_404(client, cast):
    code = new_dossier(client, cast)
    assert act(client, cast["counter"], code, "teleport").status_code == 404


def test_another_communes_leader_cannot_see_or_act(client, cast, other_commune_leader):
    code = processing(client, cast)
    assert act(client, other_commune_leader, code, "approve").status_code == 404


def test_finished_dossiers_allow_nothing():
    for status in (t.REFUSED, t.WITHDRAWN, t.STOPPED):
        assert t.TRANSITIONS[status] == {}
    # A returned dossier only records the paper hand-over, and stays returned.
    assert t.TRANSITIONS[t.RETURNED] == {"hand_over_paper": (t.RETURNED, {t.COUNTER})}


def test_every_status_has_a_national_code():
    assert sorted(t.NATIONAL_CODE.values()) == list(range(1, 11))
    assert t.NATIONAL_CODE[t.SUPPLEMENT] == 5 and t.NATIONAL_CODE[t.PAYMENT] == 6


def test_overdue_dossiers_are_marked(client, cast, monkeypatch):
    from dossiers.actions import mark_overdue

    code = processing(client, cast)
    dossier = Dossier.objects.get(code=code)
    assert mark_overdue(dossier.due_at + dt.timedelta(minutes=1)) == 1
    dossier.refresh_from_db()
    assert dossier.overdue_since == dossier.due_at
    assert mark_overdue(dossier.due_at + dt.timedelta(minutes=2)) == 0
    monkeypatch.setattr("django.utils.timezone.now", lambda: dossier.due_at + dt.timedelta(hours=1))
    client.force_login(cast["leader"])  # signed in then: a session lasts a working day
    listed = client.get("/api/v1/dossiers?overdue=true").json()
    assert [d["code"] for d in listed["results"]] == [code]


def test_withdrawing_while_waiting_closes_the_pause(client, cast):
    code = processing(client, cast)
    act(client, cast["specialist"], code, "request_supplement", reason="Thiếu",
        missing=["Tờ khai"])
    act(client, cast["counter"], code, "withdraw", reason="Công dân rút")
    pause = Dossier.objects.get(code=code).pauses.get()
    assert pause.ended_at is not None


def test_a_second_supplement_during_processing_is_refused(client, cast):
    code = processing(client, cast)
    act(client, cast["specialist"], code, "request_supplement", reason="Thiếu",
        missing=["Văn bản cam đoan"])
    act(client, cast["counter"], code, "resume")
    response = act(client, cast["specialist"], code, "request_supplement", reason="Thiếu",
                   missing=["Bản sao giấy tờ"])
    assert response.status_code == 400
    assert response.json()["fields"]["action"] == [
        "Chỉ được yêu cầu bổ sung hồ sơ một lần trong quá trình giải quyết."]


def test_the_supplement_limits_are_settings(client, cast, settings, monkeypatch):
    settings.MOTCUA_SUPPLEMENT_MAX_ROUNDS = 0
    clock = {"now": timezone.make_aware(dt.datetime(2026, 3, 2, 8, 0))}
    monkeypatch.setattr("django.utils.timezone.now", lambda: clock["now"])
    code = processing(client, cast)
    for day in (3, 4):  # a second round is allowed when the limit is lifted
        clock["now"] = timezone.make_aware(dt.datetime(2026, 3, day, 8, 0))
        assert act(client, cast["specialist"], code, "request_supplement", reason="Thiếu",
                   missing=["Văn bản cam đoan"]).status_code == 200
        act(client, cast["counter"], code, "resume")
    # Received Mon 02/03 08:00; Thu 05/03 08:30 is three working days and a half hour later.
    clock["now"] = timezone.make_aware(dt.datetime(2026, 3, 5, 8, 30))
    response = act(client, cast["specialist"], code, "request_supplement", reason="Thiếu",
                   missing=["Bản sao giấy tờ"])
    assert response.status_code == 400
    assert "3 ngày làm việc" in response.json()["fields"]["action"][0]
    settings.MOTCUA_SUPPLEMENT_WITHIN_DAYS = 0
    assert act(client, cast["specialist"], code, "request_supplement", reason="Thiếu",
               missing=["Bản sao giấy tờ"]).status_code == 200


def test_the_receipt_records_when_the_transfer_is_due(client, cast):
    client.force_login(cast["counter"])
    code = new_dossier(client, cast)
    events = client.get(f"/api/v1/dossiers/{code}/events").json()
    assert events[1]["action"] == "receive" and events[1]["step_due_at"] is not None


def test_the_leader_signs_only_what_was_proposed(client, cast):
    """Trình ký: the specialist proposes, the leader signs that decision or sends it back;
    a step may let the leader decide directly."""
    from catalog.models import ProcessStep

    code = processing(client, cast)
    response = act(client, cast["leader"], code, "approve")
    assert response.status_code == 400 and "trình ký" in response.json()["fields"]["action"][0]
    assert act(client, cast["specialist"], code, "propose", decision="reject").status_code == 400
    body = act(client, cast["specialist"], code, "propose", decision="reject",
               reason="Không đủ điều kiện đăng ký lại").json()
    assert body["proposal"] == "reject"
    assert act(client, cast["specialist"], code, "propose", decision="approve").status_code == 400
    assert act(client, cast["leader"], code, "approve").status_code == 400  # not what was proposed
    client.force_login(cast["leader"])
    allowed = client.get(f"/api/v1/dossiers/{code}").json()["allowed_actions"]
    assert "reject" in allowed and "send_back" in allowed and "approve" not in allowed
    body = act(client, cast["leader"], code, "send_back", reason="Xác minh lại").json()
    assert body["proposal"] == "" and body["status"] == "processing"
    act(client, cast["specialist"], code, "propose", decision="reject",
        reason="Không đủ điều kiện đăng ký lại")
    body = act(client, cast["leader"], code, "reject").json()  # the refusal as proposed
    assert body["result"] == "refused"
    events = client.get(f"/api/v1/dossiers/{code}/events").json()
    assert events[-1]["action"] == "reject"

    direct = processing(client, cast)
    dossier = Dossier.objects.get(code=direct)
    ProcessStep.objects.filter(procedure=dossier.procedure).update(leader_decides=True)
    from dossiers.actions import _processes

    _processes.clear()
    assert act(client, cast["leader"], direct, "approve").status_code == 200
