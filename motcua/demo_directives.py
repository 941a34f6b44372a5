"""The demo's assigned tasks: the city's 2026 administrative-reform plan and a chairman's
conclusion notice, with some twenty tasks across departments and communes in every state
(assigned, acknowledged, in progress, at risk, overdue, reported done, done on time and late,
an extension asked and one granted, a sub-task, a monthly report, a cancellation), the
units' task scores of the last months and the civil servants' KPI. Made through the same
check/do functions as the pages, with the clock set back (motcua.demo_city.clock)."""

import datetime as dt

from django.utils import timezone

from directives import actions, scores
from directives.models import Task
from motcua.demo_city import PROVINCE, _user, _working_moment, clock
from units import identifiers

PLAN = {"kind": "plan", "number": "36/KH-UBND", "signer_name": "Lê Anh Quân",
        "signer_title": "KT. CHỦ TỊCH – PHÓ CHỦ TỊCH",
        "title": "Kế hoạch cải cách hành chính năm 2026 của Ủy ban nhân dân thành phố Hải "
                 "Phòng"}
CONCLUSION = {"kind": "conclusion", "number": "512/TB-UBND", "signer_name": "Nguyễn Văn Tùng",
              "signer_title": "TL. CHỦ TỊCH – CHÁNH VĂN PHÒNG",
              "title": "Thông báo kết luận của Chủ tịch UBND thành phố tại cuộc họp về giải "
                       "quyết thủ tục hành chính trên Cổng Dịch vụ công quốc gia"}


def _department(number):
    return identifiers.department_code(PROVINCE, number)


def _commune(ward):
    return identifiers.commune_committee_code(PROVINCE, ward)


HONG_BANG, LE_CHAN = 11311, 11383

# (lead, supporting, content, assigned working days ago, due in working days from then,
#  category, priority, what happens: [(who, action, data, working days ago)])
TASKS = [
    (_department(3), [_department(2)],
     "Rà soát, đề xuất phương án đơn giản hóa thủ tục hành chính lĩnh vực hộ tịch, chứng thực",
     45, 35, "reform", "high", [
         ("lanhdao.stp", "acknowledge", {}, 44),
         ("lanhdao.stp", "report", {"percent": 50, "text": "Đã rà soát 18/36 thủ tục"}, 30),
         ("lanhdao.snv", "contribute", {"text": "Sở Nội vụ góp ý về phương án tổ chức bộ "
                                                "phận một cửa"}, 25),
         ("lanhdao.stp", "propose_done", {"result": "Đã trình phương án đơn giản hóa 9 thủ "
                                                    "tục, cắt giảm 22% thời gian giải quyết"}, 12),
         ("giamsat", "confirm_done", {}, 11)]),
    (_department(2), [],
     "Xây dựng Bộ chỉ số đánh giá kết quả cải cách hành chính của các sở, ngành và UBND xã, "
     "phường năm 2026", 45, 20, "reform", "high", [
         ("lanhdao.snv", "acknowledge", {}, 44),
         ("lanhdao.snv", "propose_done", {"result": "Đã ban hành Bộ chỉ số theo Quyết định "
                                                    "số 1245/QĐ-UBND"}, 18),
         ("giamsat", "confirm_done", {}, 17)]),
    (_department(4), [],
     "Hướng dẫn các đơn vị thanh toán trực tuyến phí, lệ phí qua Nền tảng thanh toán của Cổng "
     "Dịch vụ công quốc gia", 40, 36, "committee", "normal", [
         ("lanhdao.stc", "acknowledge", {}, 39),
         ("lanhdao.stc", "report", {"percent": 60, "text": "Đã hướng dẫn 21/26 đơn vị"}, 10)]),
    (_department(7), [],
     "Công bố, công khai danh mục thủ tục hành chính tiếp nhận trực tuyến toàn trình lĩnh vực "
     "xây dựng", 30, 32, "reform", "normal", [
         ("lanhdao.sxd", "acknowledge", {}, 29),
         ("lanhdao.sxd", "report", {"percent": 70, "text": "Đã lập danh mục, đang lấy ý kiến "
                                                           "Sở Tư pháp"}, 3)]),
    (_department(11), [],
     "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính còn hiệu lực lĩnh vực y tế", 20, 50,
     "reform", "normal", [("lanhdao.syt", "acknowledge", {}, 18)]),
    (_department(10), [],
     "Báo cáo kết quả cấp văn bằng, chứng chỉ trên Cổng Dịch vụ công", 5, 30, "committee",
     "low", []),
    (_commune(HONG_BANG), [],
     "Niêm yết công khai thủ tục hành chính và số điện thoại đường dây nóng tại Bộ phận Một "
     "cửa phường", 40, 20, "reform", "normal", [
         ("lanhdao.hongbang", "acknowledge", {}, 39),
         ("lanhdao.hongbang", "split", {"lead": _commune(HONG_BANG),
                                        "assignee": "chuyenvien.hongbang",
                                        "content": "Cập nhật bảng niêm yết 45 thủ tục cấp xã",
                                        "days_from_assignment": 10}, 38),
         ("chuyenvien.hongbang", "propose_done@sub", {"result": "Đã cập nhật bảng niêm yết"}, 30),
         ("lanhdao.hongbang", "confirm_done@sub", {}, 29),
         ("lanhdao.hongbang", "propose_done", {"result": "Đã niêm yết đủ 45 thủ tục"}, 25),
         ("giamsat", "confirm_done", {}, 24)]),
    (_commune(LE_CHAN), [],
     "Rà soát, cập nhật thông tin công dân trên Cơ sở dữ liệu quốc gia về dân cư phục vụ thủ "
     "tục liên thông", 35, 30, "committee", "high", [
         ("lanhdao.lechan", "acknowledge", {}, 34),
         ("lanhdao.lechan", "report", {"percent": 40, "text": "Đã rà soát 2.100/5.300 hộ"}, 15),
         ("lanhdao.lechan", "request_extension", {"reason": "Chờ Công an thành phố đồng bộ "
                                                            "dữ liệu", "days": 15}, 7)]),
    (_department(5), [],
     "Rà soát điều kiện kinh doanh lĩnh vực công thương, đề xuất cắt giảm", 30, 40,
     "committee", "normal", [
         ("lanhdao.sct", "acknowledge", {}, 29),
         ("lanhdao.sct", "propose_done", {"result": "Đề xuất cắt giảm 6 điều kiện kinh "
                                                    "doanh"}, 2)]),
    (_department(6), [],
     "Hoàn thành liên thông thủ tục đăng ký đất đai với thuế điện tử", 35, 25, "chairman",
     "high", [
         ("lanhdao.snnmt", "acknowledge", {}, 34),
         ("lanhdao.snnmt", "request_extension", {"reason": "Chờ Cục Thuế nâng cấp phần mềm",
                                                 "days": 20}, 12),
         ("giamsat", "grant_extension", {}, 11),
         ("lanhdao.snnmt", "report", {"percent": 75, "text": "Đã kết nối thử nghiệm"}, 4)]),
    (identifiers.department_code(PROVINCE, 21), [],
     "Triển khai cấp phiếu lý lịch tư pháp trên ứng dụng VNeID", 30, 30, "prime_minister",
     "normal", [("giamsat", "cancel", {"reason": "Đã giao tại Kế hoạch số 40/KH-UBND"}, 20)]),
    (_commune(HONG_BANG), [identifiers.department_code(PROVINCE, 22)],
     "Phối hợp giải quyết liên thông đăng ký khai sinh, cấp thẻ bảo hiểm y tế cho trẻ dưới 6 "
     "tuổi", 25, 40, "government", "normal", [
         ("lanhdao.hongbang", "acknowledge", {}, 24),
         ("lanhdao.bhxh", "contribute", {"text": "BHXH thành phố đã cấp 312 thẻ trong tháng"}, 8),
         ("lanhdao.hongbang", "report", {"percent": 55, "text": "Đã giải quyết 312/560 hồ "
                                                               "sơ liên thông"}, 6)]),
    (_department(3), [],
     "Tổ chức tập huấn nghiệp vụ chứng thực bản sao điện tử cho công chức cấp xã", 30, 18,
     "committee", "normal", [
         ("lanhdao.stp", "acknowledge", {}, 29),
         ("lanhdao.stp", "propose_done", {"result": "Đã tập huấn cho 228 công chức"}, 9),
         ("giamsat", "confirm_done", {}, 8)]),
    (_commune(LE_CHAN), [],
     "Thí điểm tiếp nhận hồ sơ không phụ thuộc địa giới hành chính đối với thủ tục hộ tịch",
     6, 40, "reform", "normal", []),
    (_department(2), [],
     "Tổng hợp kết quả đánh giá, xếp loại công chức theo KPI quý IV năm 2026", 10, 20,
     "committee", "normal", [
         ("lanhdao.snv", "acknowledge", {}, 9),
         ("lanhdao.snv", "report", {"percent": 20, "text": "Đã nhận kết quả của 9/27 đơn vị"},
          2)]),
    (_department(11), [],
     "Công khai giá dịch vụ khám bệnh, chữa bệnh trên Cổng thông tin điện tử của Sở", 40, 15,
     "committee", "low", [
         ("lanhdao.syt", "acknowledge", {}, 39),
         ("lanhdao.syt", "propose_done", {"result": "Đã công khai trên cổng của Sở"}, 20),
         ("giamsat", "confirm_done", {}, 19)]),
    (_commune(HONG_BANG), [],
     "Rà soát hồ sơ giải quyết quá hạn, báo cáo nguyên nhân và giải pháp khắc phục", 12, 13,
     "chairman", "high", [
         ("lanhdao.hongbang", "acknowledge", {}, 11),
         ("lanhdao.hongbang", "report", {"percent": 80, "text": "Đã rà soát 14 hồ sơ quá "
                                                               "hạn"}, 1)]),
]
MONTHLY = (_commune(HONG_BANG), "Báo cáo tình hình tiếp nhận, giải quyết hồ sơ thủ tục hành "
           "chính hằng tháng")


def populate(out=print):
    supervisor = _user("giamsat")
    if supervisor is None or Task.objects.exists():
        return 0
    issued = _working_moment(50, 9)
    with clock(issued):
        plan = actions.do_create_directive(actions.check_directive(
            supervisor, {**PLAN, "issued_on": issued.strftime("%d/%m/%Y")}), supervisor)
        conclusion = actions.do_create_directive(actions.check_directive(
            supervisor, {**CONCLUSION, "issued_on": issued.strftime("%d/%m/%Y")}), supervisor)
    made = 0
    for lead, supporting, content, ago, days, category, priority, steps in TASKS:
        directive = conclusion if category in ("chairman", "prime_minister") else plan
        start = _working_moment(ago, 8)
        with clock(start):
            (task,) = actions.do_create_tasks(actions.check_task(supervisor, directive, {
                "lead": lead, "supporting": supporting, "content": content, "due_days": days,
                "category": category, "priority": priority}, now=start), supervisor, now=start)
        made += 1
        sub = None
        for who, action, data, when in steps:
            moment = _working_moment(when, 10)
            user = _user(who)
            target = task
            if action.endswith("@sub"):
                action, target = action[:-4], sub
            data = dict(data)
            if "days_from_assignment" in data:
                due = actions.deadline(moment, days=data.pop("days_from_assignment"),
                                       agency=task.lead)
                data["due_on"] = timezone.localtime(due).strftime("%d/%m/%Y")
            if "days" in data:
                task.refresh_from_db()
                due = task.due_at + dt.timedelta(days=data.pop("days"))
                data["new_due"] = timezone.localtime(due).strftime("%d/%m/%Y")
            with clock(moment):
                actions.do_action(user, target.code, action, data, now=moment)
            if action == "split":
                sub = task.subtasks.get()
                made += 1
    # A monthly report of Hồng Bàng, one task per month: the past ones handed in.
    first = _working_moment(60, 8)
    with clock(first):
        reports = actions.do_create_tasks(actions.check_task(supervisor, plan, {
            "lead": MONTHLY[0], "content": MONTHLY[1], "recurrence": "monthly",
            "due_on": (first + dt.timedelta(days=20)).strftime("%d/%m/%Y"),
            "until": (timezone.localdate() + dt.timedelta(days=60)).strftime("%d/%m/%Y"),
            "category": "committee"}, now=first), supervisor, now=first)
    made += len(reports)
    leader = _user("lanhdao.hongbang")
    for report in reports:
        if report.due_at < timezone.now():
            late = report.period_label.endswith(("2", "5", "8", "11"))  # one report in three
            moment = report.due_at + dt.timedelta(days=2 if late else -1)
            with clock(moment):
                actions.do_action(leader, report.code, "propose_done", {
                    "result": f"Đã gửi báo cáo tháng {report.period_label}"}, now=moment)
            with clock(moment + dt.timedelta(hours=2)):
                actions.do_action(supervisor, report.code, "confirm_done", {},
                                  now=moment + dt.timedelta(hours=2))
    actions.scan_tasks()
    today = timezone.localdate()
    months, first_day = [], today.replace(day=1)
    for _ in range(3):
        months.append(f"{first_day:%Y-%m}")
        first_day = (first_day - dt.timedelta(days=1)).replace(day=1)
    for month in months:
        scores.compute_unit_scores(month)
        scores.compute_kpi(month)
    out(f"Nhiệm vụ được giao: {made} nhiệm vụ của 2 văn bản chỉ đạo.")
    return made
