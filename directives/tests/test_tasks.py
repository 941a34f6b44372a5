"""Assigned tasks: the lifecycle through the API (acknowledge, report, extension, sub-tasks,
send-back, cancel), deadlines in working days across Tết, the scan and its reminders, and who
sees what."""

import datetime as dt

import pytest
from django.utils import timezone

from directives import actions
from directives.models import Directive, Task
from integrations.models import Notification
from motcua import test as cast
from motcua.text import person_name
from units import identifiers
from units.models import Agency, StaffRole
from workcalendar import calendars

pytestmark = pytest.mark.django_db

HONG_BANG = cast.commune_agency(cast.HONG_BANG)
LE_CHAN = cast.commune_agency(cast.LE_CHAN)
STP = identifiers.department_code(cast.PROVINCE, 3)  # Sở Tư pháp
SNV = identifiers.department_code(cast.PROVINCE, 2)  # Sở Nội vụ


def api(client, user, method, url, **data):
    client.force_login(user)
    return getattr(client, method)(url, data, content_type="application/json")


def act(client, user, code, action, **data):
    return api(client, user, "post", f"/api/v1/tasks/{code}/actions/{action}", **data)


def later(days):
    """A working day about `days` calendar days from today, as dd/mm/yyyy."""
    day = calendars.working_day_on_or_after(timezone.localdate() + dt.timedelta(days=days))
    return day.strftime("%d/%m/%Y")


@pytest.fixture
def justice(db):
    return cast.make_staff("lanhdao.stp", StaffRole.Role.LEADER, STP, first_name="Mai",
                           last_name="Lê Thị")


@pytest.fixture
def directive(client, supervisor):
    response = api(client, supervisor, "post", "/api/v1/directives", kind="plan",
                   number="125/KH-UBND", issued_on="15/01/2026",
                   title="Kế hoạch cải cách hành chính năm 2026 của thành phố Hải Phòng",
                   signer_name="Lê Anh Quân", signer_title="KT. CHỦ TỊCH – PHÓ CHỦ TỊCH")
    assert response.status_code == 201, response.content
    return response.json()


def assign(client, supervisor, directive, **extra):
    body = {"directive": directive["id"], "lead": HONG_BANG, "supporting": [STP],
            "content": "Rà soát, đề xuất đơn giản hóa thủ tục hành chính lĩnh vực hộ tịch",
            "due_on": later(40), "priority": "high", "category": "reform", **extra}
    response = api(client, supervisor, "post", "/api/v1/tasks", **body)
    assert response.status_code == 201, response.content
    return response.json()


def test_the_lifecycle_with_an_extension_sub_tasks_and_a_send_back(
        client, supervisor, commune_leader, specialist, justice, directive):
    (task,) = assign(client, supervisor, directive)
    code = task["code"]
    assert task["status"] == "assigned" and task["outcome"] == "in_time"
    assert task["supporting"] == [STP] and task["lead"] == HONG_BANG
    # The lead unit acknowledges and reports progress with its evidence.
    assert act(client, commune_leader, code, "acknowledge").json()["status"] == "acknowledged"
    response = act(client, commune_leader, code, "report", percent=30,
                   text="Đã rà soát 12 thủ tục, đề xuất đơn giản hóa 4 thủ tục")
    assert response.status_code == 200 and response.json()["progress"] == 30
    # The supporting unit reports its part, and may not do the lead's work.
    assert act(client, justice, code, "contribute",
               text="Sở Tư pháp đã góp ý dự thảo phương án").status_code == 200
    assert act(client, justice, code, "propose_done", result="Xong").status_code == 403
    # An extension: asked before the deadline, granted by the office; the first deadline kept.
    first_due = task["due_at"]
    refused = act(client, commune_leader, code, "request_extension", reason="",
                  new_due=later(60))
    assert refused.status_code == 400 and "reason" in refused.json()["fields"]
    assert act(client, commune_leader, code, "request_extension", new_due=later(60),
               reason="Chờ ý kiến của Sở Tư pháp về phương án").status_code == 200
    again = act(client, commune_leader, code, "request_extension", new_due=later(70),
                reason="Lần nữa")
    assert again.status_code == 409 and "request_extension" not in again.json()["allowed_actions"]
    granted = act(client, supervisor, code, "grant_extension", note="Đồng ý gia hạn").json()
    assert granted["due_at"] > first_due and granted["original_due_at"] == first_due
    # A sub-task for the unit's specialist: its deadline cannot pass the parent's.
    too_late = act(client, commune_leader, code, "split", lead=HONG_BANG,
                   assignee="chuyenvien.hongbang", content="Tổng hợp số liệu hộ tịch quý I",
                   due_on=later(120))
    assert too_late.status_code == 400 and "không được vượt" in str(too_late.json())
    assert act(client, commune_leader, code, "split", lead=HONG_BANG,
               assignee="chuyenvien.hongbang", content="Tổng hợp số liệu hộ tịch quý I",
               due_on=later(20)).status_code == 200
    sub = Task.objects.get(parent__code=code)
    assert sub.assignee == specialist and sub.lead.code == HONG_BANG
    # The parent cannot be reported done while its sub-task is open.
    blocked = act(client, commune_leader, code, "propose_done", result="Hoàn thành rà soát")
    assert blocked.status_code == 400 and "chưa hoàn thành" in str(blocked.json())
    assert act(client, specialist, sub.code, "propose_done",
               result="Đã gửi bảng tổng hợp").status_code == 200
    # For a sub-task the office is the parent's lead unit.
    assert act(client, commune_leader, sub.code, "confirm_done").json()["outcome"] == \
        "done_on_time"
    assert act(client, commune_leader, code, "propose_done",
               result="Đã hoàn thành rà soát, trình phương án").status_code == 200
    back = act(client, supervisor, code, "send_back", reason="Bổ sung đánh giá tác động")
    assert back.json()["status"] == "in_progress" and back.json()["completed_at"] is None
    act(client, commune_leader, code, "propose_done", result="Đã bổ sung đánh giá tác động")
    done = act(client, supervisor, code, "confirm_done").json()
    assert done["status"] == "done" and done["outcome"] == "done_on_time"
    # Every move is an event: who, role, unit, when.
    events = api(client, supervisor, "get", f"/api/v1/tasks/{code}/events").json()
    assert [e["action"] for e in events] == [
        "assign", "acknowledge", "report", "contribute", "request_extension",
        "grant_extension", "split", "propose_done", "send_back", "propose_done",
        "confirm_done"]
    assert events[1]["actor_name"] == person_name(commune_leader) != ""
    assert events[1]["agency"] == HONG_BANG and events[1]["role"] == "lead"
    assert events[0]["role"] == "office" and events[6]["data"]["subtask"] == sub.code
    assert events[3]["agency"] == STP and events[3]["role"] == "support"
    assert events[8]["note"] == "Bổ sung đánh giá tác động"
    # Closed: nothing more.
    assert act(client, supervisor, code, "cancel", reason="x").status_code == 409


def test_cancelling_a_task_cancels_its_open_sub_tasks(client, supervisor, commune_leader,
                                                      directive):
    (task,) = assign(client, supervisor, directive)
    act(client, commune_leader, task["code"], "split", lead=HONG_BANG,
        content="Lập danh sách thủ tục cần rà soát", due_on=later(10))
    assert act(client, commune_leader, task["code"], "cancel", reason="x").status_code == 403
    response = act(client, supervisor, task["code"], "cancel",
                   reason="Nhiệm vụ được gộp vào Kế hoạch 130/KH-UBND")
    assert response.json()["outcome"] == "cancelled"
    sub = Task.objects.get(parent__code=task["code"])
    assert sub.status == "cancelled" and "130/KH-UBND" in sub.cancel_reason


def test_bad_input_is_refused_with_reasons(client, supervisor, commune_leader, directive):
    response = api(client, supervisor, "post", "/api/v1/tasks", directive=directive["id"],
                   lead="Không có đơn vị này", content="x", due_on="31/02/2026")
    fields = response.json()["fields"]
    assert response.status_code == 400 and {"lead", "content", "due_on"} <= set(fields)
    both = api(client, supervisor, "post", "/api/v1/tasks", directive=directive["id"],
               lead=HONG_BANG, content="Báo cáo tình hình", due_on=later(5), due_days=5)
    assert "due_on" in both.json()["fields"]
    past = api(client, supervisor, "post", "/api/v1/tasks", directive=directive["id"],
               lead=HONG_BANG, content="Báo cáo tình hình", due_on="01/01/2026")
    assert "đã qua" in str(past.json())
    # A commune's leader does not assign the city's tasks.
    denied = api(client, commune_leader, "post", "/api/v1/tasks", directive=directive["id"],
                 lead=HONG_BANG, content="Báo cáo tình hình", due_days=5)
    assert denied.status_code in (400, 403)
    assert Task.objects.count() == 0
    (task,) = assign(client, supervisor, directive)
    assert act(client, commune_leader, task["code"], "report", percent=150,
               text="Đã làm").status_code == 400
    assert act(client, commune_leader, task["code"], "fly").status_code == 404


def test_deadlines_count_working_days_across_tet(supervisor):
    """Assigned on Wednesday 03/02/2027, the last working day before Tết Đinh Mùi (04–10/02
    off): 3 working days end on Monday 15/02; a date during Tết moves to Thursday 11/02."""
    issuer = Agency.objects.get(code=identifiers.province_committee_code(cast.PROVINCE))
    directive = Directive.objects.create(kind="conclusion", number="12/TB-UBND",
                                         issued_on=dt.date(2027, 2, 2), issuer=issuer,
                                         title="Kết luận của Chủ tịch UBND thành phố",
                                         signer_name="Lê Ngọc Châu")
    now = timezone.make_aware(dt.datetime(2027, 2, 3, 9, 0))
    cleaned = actions.check_task(supervisor, directive, {
        "lead": STP, "content": "Báo cáo tình hình tiếp nhận hồ sơ dịp Tết", "due_days": 3},
        now=now)
    (task,) = actions.do_create_tasks(cleaned, supervisor, now=now)
    assert timezone.localtime(task.due_at).date() == dt.date(2027, 2, 15)
    # Reminders 3 and 1 working days before, skipping Tết too.
    moments = [timezone.localtime(m).date() for m in actions.reminders(task.due_at)]
    assert moments == [dt.date(2027, 2, 3), dt.date(2027, 2, 12)]
    cleaned = actions.check_task(supervisor, directive, {
        "lead": STP, "content": "Trực Tết, báo cáo ngày mùng ba", "due_on": "08/02/2027"},
        now=now)
    (fixed,) = actions.do_create_tasks(cleaned, supervisor, now=now)
    assert timezone.localtime(fixed.due_at) == timezone.make_aware(
        dt.datetime(2027, 2, 11, 17, 0))


def test_a_recurring_report_makes_one_task_per_period(client, supervisor, directive):
    created = assign(client, supervisor, directive, recurrence="monthly",
                     due_on=later(10), until=(timezone.localdate() + dt.timedelta(days=100))
                     .strftime("%d/%m/%Y"), content="Báo cáo tình hình giải quyết hồ sơ")
    assert 3 <= len(created) <= 4
    labels = [t["period_label"] for t in created]
    assert len(set(labels)) == len(labels) and all(t["recurrence"] == "monthly" for t in created)
    first = Task.objects.get(code=created[0]["code"])
    assert Task.objects.filter(series=first).count() == len(created) - 1


def test_the_scan_reminds_then_stamps_overdue_once(client, supervisor, commune_leader,
                                                   specialist, directive):
    StaffRole.objects.filter(user=commune_leader).update(phone="0912000111")
    (task,) = assign(client, supervisor, directive, assignee="chuyenvien.hongbang",
                     due_on=later(30))
    task = Task.objects.get(code=task["code"])
    assigned = Notification.objects.filter(reference=task.code, kind="task_assigned")
    assert {n.user for n in assigned} == {commune_leader, specialist}
    assert {n.channel for n in assigned.filter(user=commune_leader)} == {"email", "sms", "zalo"}
    first, second = actions.reminders(task.due_at)
    assert task.warn_at == first and task.next_reminder_at == first
    assert actions.scan_tasks(first - dt.timedelta(minutes=1)) == (0, 0)
    assert actions.scan_tasks(first + dt.timedelta(minutes=1)) == (1, 0)
    assert actions.scan_tasks(first + dt.timedelta(minutes=2)) == (0, 0)  # once
    task.refresh_from_db()
    assert task.next_reminder_at == second and task.outcome(first) == "at_risk"
    assert actions.scan_tasks(second + dt.timedelta(minutes=1)) == (1, 0)
    reminders = Notification.objects.filter(reference=task.code, kind="task_reminder")
    assert reminders.filter(user=specialist).count() == 2
    assert "Nhắc việc" in reminders.first().text
    late = task.due_at + dt.timedelta(minutes=5)
    assert actions.scan_tasks(late) == (0, 1)
    assert actions.scan_tasks(late) == (0, 0)
    task.refresh_from_db()
    assert task.overdue_since == task.due_at and task.outcome(late) == "overdue"
    assert Notification.objects.filter(reference=task.code, kind="task_overdue").exists()
    # Done tasks are not reminded.
    assert actions.scan_tasks(late + dt.timedelta(days=1)) == (0, 0)


def test_a_commune_never_sees_another_commune_s_tasks(client, supervisor, commune_leader,
                                                      other_commune_leader, directive):
    (mine,) = assign(client, supervisor, directive)
    (theirs,) = assign(client, supervisor, directive, lead=LE_CHAN, supporting=[])
    listed = api(client, commune_leader, "get", "/api/v1/tasks").json()["results"]
    assert [t["code"] for t in listed] == [mine["code"]]
    assert api(client, commune_leader, "get", f"/api/v1/tasks/{theirs['code']}").status_code \
        == 404
    assert act(client, commune_leader, theirs["code"], "acknowledge").status_code == 404
    page = client.get(f"/can-bo/nhiem-vu/{theirs['code']}/")
    assert page.status_code == 404
    summary = api(client, commune_leader, "get", "/api/v1/tasks/summary").json()
    assert [u["unit"] for u in summary["units"]] == [HONG_BANG]
    everything = api(client, supervisor, "get", "/api/v1/tasks/summary").json()
    assert {u["unit"] for u in everything["units"]} == {HONG_BANG, LE_CHAN}
    # The supporting department sees the task it supports, not the others.
    client.logout()
    assert client.get("/api/v1/tasks").status_code in (401, 403)


def test_the_scheduler_runs_the_scan_and_the_scores(client, supervisor, commune_leader,
                                                    directive):
    from motcua.scheduler import JOBS

    assign(client, supervisor, directive)
    jobs = {job.name: job for job in JOBS}
    assert jobs["tasks"].run() == {"reminded": 0, "overdue": 0}
    outcome = jobs["task_scores"].run()
    month = f"{timezone.localdate():%Y-%m}"
    assert outcome[month]["units"] >= 1 and outcome[month]["kpi"] >= 1
