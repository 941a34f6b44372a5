"""A city at work for the demo: `load_demo` fills an empty database with it.

- **Months of history**: five past months of dossiers across the communes and departments,
  generated in bulk by indicators.simulate (ratings included), and the 766 index stored for
  each month and the current one, so the dashboard shows figures and trends.
- **Work in every demo inbox**: today's dossiers taken through the real actions (intake,
  reception, transfer, assignment, supplements, payments, trình ký, results, return), dated
  over the last working days so that some are at risk and some late; a few filed on the
  national portal (with their portal reference). Every demo account has something to do.
- **Complaints and suggestions (PAKN)**: received, assigned, answered and published.
- **Assigned tasks** (motcua/demo_directives.py): the city's reform plan and a chairman's
  conclusion notice, some twenty tasks in every state, with the units' task scores and KPI.

Everything goes through the same functions as a person or an officer would use; only the
clock is set back while the past is made (django.utils.timezone.now, the one clock the code
reads).
"""

import datetime as dt
import random
from contextlib import contextmanager
from unittest import mock

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext as _

from dossiers.actions import check_create, check_submit_national, do_action, do_create
from dossiers.models import Dossier
from units import identifiers
from units.models import Agency

PROVINCE = 31
HONG_BANG, LE_CHAN = 11311, 11383

PEOPLE = [
    ("Nguyễn Văn Bình", "031085001122", "0912 450 781", "Số 8 Hoàng Văn Thụ, phường Hồng Bàng"),
    ("Trần Thị Thu Hương", "031190002233", "0904 112 358", "Số 21 Điện Biên Phủ, phường Hồng Bàng"),
    ("Lê Minh Quân", "031092003344", "0983 667 120", "Số 45 Lạch Tray, phường Lê Chân"),
    ("Phạm Thị Ngọc Anh", "031195004455", "0936 245 809", "Số 3 Cầu Đất, phường Hồng Bàng"),
    ("Hoàng Đức Long", "031080005566", "0915 778 034", "Số 112 Tô Hiệu, phường Lê Chân"),
    ("Vũ Thị Hạnh", "031188006677", "0978 301 462", "Số 67 Trần Phú, phường Hồng Bàng"),
    ("Đỗ Văn Tuấn", "031079007788", "0902 558 917", "Số 19 Lê Lợi, phường Hồng Bàng"),
    ("Bùi Thị Lan Phương", "031193008899", "0948 126 375", "Số 5 Hai Bà Trưng, phường Lê Chân"),
    ("Ngô Quang Huy", "031087009900", "0967 804 213", "Số 33 Lê Thánh Tông, phường Hồng Bàng"),
    ("Đặng Thị Mỹ Linh", "031196001357", "0913 472 586", "Số 90 Đà Nẵng, phường Hồng Bàng"),
]


@contextmanager
def clock(moment):
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


def _user(username):
    return get_user_model().objects.filter(username=username).first()


def _working_moment(days_back, hour):
    """A moment `days_back` working days ago (weekends skipped), at `hour`."""
    day = timezone.localdate()
    while days_back > 0:
        day -= dt.timedelta(days=1)
        if day.weekday() < 5:
            days_back -= 1
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 15)))


def populate(out=print):
    """Fill an empty database with the city at work; does nothing when dossiers exist."""
    if Dossier.objects.exists():
        return {}
    counts = {"history": _history(out)}
    counts["today"] = _today()
    counts["petitions"] = _petitions()
    from motcua import demo_directives

    counts["tasks"] = demo_directives.populate(out)
    from indicators.store import compute_all, compute_current

    for period in _past_months():
        compute_all(period)
    compute_current()
    from dossiers.actions import scan_deadlines

    scan_deadlines()  # the warnings of what is at risk or late
    return counts


def _past_months(n=5):
    from indicators import periods

    first = timezone.localdate().replace(day=1)
    months = []
    for _month in range(n):
        first = (first - dt.timedelta(days=1)).replace(day=1)
        months.append(periods.parse(f"{first:%Y-%m}"))
    return list(reversed(months))


def _history(out):
    from indicators.simulate import simulate

    made = 0
    for i, period in enumerate(_past_months()):
        made += simulate(period.label, 260 + 30 * i, seed=2026 + i)["dossiers"]
    out(_("History: %(n)d dossiers of the 5 months before.") % {"n": made})
    return made


def _counter_intake(officer, procedure, person, *, receive, days_back, hour=9, **extra):
    name, id_number, phone, address = person
    with clock(_working_moment(days_back, hour)):
        return do_create(check_create(officer, {
            "procedure": procedure, "receive": receive, "applicant_name": name,
            "applicant_id_number": id_number, "applicant_phone": phone,
            "applicant_address": address, **extra}), officer)


def _act(user, dossier, action, days_back, hour, **data):
    with clock(_working_moment(days_back, hour)):
        return do_action(user, dossier.code, action, data)


def _today():
    """Today's work: the dossiers each demo account finds in its inbox."""
    rng = random.Random(31)
    counter, specialist = _user("motcua.hongbang"), _user("chuyenvien.hongbang")
    leader, city = _user("lanhdao.hongbang"), _user("motcua.tp")
    made = []
    relate = "1.004884"  # Đăng ký lại khai sinh: 5 working days
    certify = "2.000815"  # Chứng thực bản sao từ bản chính: 1 working day
    people = list(PEOPLE)
    rng.shuffle(people)

    def person():
        people.append(people.pop(0))
        return people[-1]

    # Hồng Bàng: waiting at the counter, received, in appraisal, at risk, late, submitted
    # for signature, waiting for the person, resolved and returned.
    for days in (0, 0):
        made.append(_counter_intake(counter, relate, person(), receive=False, days_back=days,
                                    hour=8))
    for days in (1, 0):
        made.append(_counter_intake(counter, relate, person(), receive=True, days_back=days))
    for days, hour in ((3, 9), (4, 10), (6, 8), (2, 14)):
        d = _counter_intake(counter, relate, person(), receive=True, days_back=days, hour=hour)
        _act(counter, d, "transfer", days, hour + 1)
        _act(leader, d, "assign", days, hour + 2, assignee="chuyenvien.hongbang")
        made.append(d)
    for days in (2, 1):
        d = _counter_intake(counter, relate, person(), receive=True, days_back=days + 1)
        _act(counter, d, "transfer", days + 1, 10)
        _act(leader, d, "assign", days + 1, 11, assignee="chuyenvien.hongbang")
        _act(specialist, d, "propose", days, 15, decision="approve",
             note="Hồ sơ đầy đủ, đúng quy định; đề nghị lãnh đạo ký.")
        made.append(d)
    d = _counter_intake(counter, relate, person(), receive=True, days_back=3)
    _act(counter, d, "transfer", 3, 10)
    _act(leader, d, "assign", 3, 11, assignee="chuyenvien.hongbang")
    _act(specialist, d, "request_supplement", 2, 9, reason="Bản sao giấy tờ tùy thân không rõ",
         missing=["Bản sao Căn cước công dân của người đi đăng ký (rõ nét)"])
    made.append(d)
    d = _counter_intake(counter, relate, person(), receive=True, days_back=4)
    _act(counter, d, "transfer", 4, 10)
    _act(leader, d, "assign", 4, 11, assignee="chuyenvien.hongbang")
    _act(specialist, d, "require_payment", 3, 9, reason="Nộp lệ phí đăng ký lại khai sinh",
         fees=[{"description": "Lệ phí đăng ký lại khai sinh", "amount": 8000,
                "kind": "charge"}])
    made.append(d)
    for days, returned in ((5, False), (6, True)):
        d = _counter_intake(counter, certify, person(), receive=True, days_back=days)
        _act(counter, d, "transfer", days, 10)
        _act(leader, d, "assign", days, 10, assignee="chuyenvien.hongbang")
        _act(specialist, d, "propose", days - 1, 9, decision="approve")
        _act(leader, d, "approve", days - 1, 10)
        if returned:
            _act(counter, d, "return_result", days - 2, 9, method="counter")
        made.append(d)
    # Filed on the national portal, waiting at Hồng Bàng's counter.
    for i, who in enumerate(PEOPLE[:2]):
        with clock(_working_moment(0, 7 + i)):
            cleaned = check_submit_national({
                "national_reference": f"G22.99-{timezone.localdate():%y%m%d}-{i + 1:06d}",
                "procedure": "2.000635", "unit": str(HONG_BANG), "applicant_type": 1,
                "applicant_name": who[0], "applicant_id_number": who[1],
                "applicant_phone": who[2].replace(" ", ""), "applicant_address": who[3],
                "summary": "Xin cấp bản sao trích lục khai sinh", "form_data": {},
                "vneid_authenticated": True, "consulted": []})
            made.append(do_create(cleaned, None))
    # Lê Chân: its leader has dossiers to assign and to sign.
    lechan = _user("motcua.lechan")
    if lechan is not None:
        for days in (1, 2, 3):
            d = _counter_intake(lechan, relate, person(), receive=True, days_back=days)
            _act(lechan, d, "transfer", days, 10)
            made.append(d)
    # The city's center: each department with demo staff has its dossiers in appraisal and
    # submitted for signature; Sở Tư pháp's signed result waits to be handed back.
    from catalog.models import Procedure

    for number, short in ((3, "stp"), (2, "snv"), (4, "stc"), (5, "sct"), (6, "snnmt"),
                          (7, "sxd"), (10, "sgddt"), (11, "syt"), (21, "ca"), (22, "bhxh")):
        code = identifiers.department_code(PROVINCE, number)
        procedure = Procedure.objects.filter(agency__code=code, accepts_counter=True,
                                             form_fields__isnull=True).order_by("code").first()
        agency = Agency.objects.filter(code=code).first()
        specialist_d, leader_d = _user(f"chuyenvien.{short}"), _user(f"lanhdao.{short}")
        if not (procedure and agency and specialist_d and leader_d and city):
            continue
        for step, days in enumerate((1, 3, 5)):
            d = _counter_intake(city, procedure.code, person(), receive=True, days_back=days,
                                service_center=identifiers.province_center_code(PROVINCE))
            _act(city, d, "transfer", days, 11)
            if step >= 1:
                _act(leader_d, d, "assign", days, 14, assignee=specialist_d.username)
            if step == 2:
                _act(specialist_d, d, "propose", max(days - 2, 0), 10, decision="approve",
                     note="Đủ điều kiện giải quyết.")
            made.append(d)
        if short == "stp":  # one result signed yesterday, waiting at the city's counter
            d = _counter_intake(city, procedure.code, person(), receive=True, days_back=4,
                                service_center=identifiers.province_center_code(PROVINCE))
            _act(city, d, "transfer", 4, 11)
            _act(leader_d, d, "assign", 4, 14, assignee=specialist_d.username)
            _act(specialist_d, d, "propose", 2, 10, decision="approve",
                 note="Đủ điều kiện giải quyết.")
            _act(leader_d, d, "approve", 1, 9)
            made.append(d)
    return len(made)


PETITIONS = [
    ("procedure", "suggestion", "Đề nghị cho nộp trực tuyến toàn trình thủ tục chứng thực",
     "Tôi đề nghị Ủy ban cho phép nộp hồ sơ chứng thực bản sao trực tuyến và nhận bản điện tử "
     "để người dân không phải đến nhiều lần.", "2.000815"),
    ("other", "complaint", "Thời gian chờ tại quầy một cửa buổi sáng quá lâu",
     "Sáng thứ Hai tôi phải chờ hơn một giờ mới được tiếp nhận hồ sơ, trong khi chỉ có một "
     "quầy làm việc.", None),
    ("procedure", "suggestion", "Hướng dẫn rõ hơn giấy tờ khi đăng ký lại khai sinh",
     "Trang thủ tục nên nói rõ trường hợp không còn bản chính giấy khai sinh thì cần giấy tờ "
     "gì thay thế.", "1.004884"),
]


def _petitions():
    from feedback.petitions import check_submit, do_submit
    from feedback.petitions import do_action as petition_action

    officer, leader = _user("motcua.hongbang"), _user("lanhdao.hongbang")
    if officer is None or leader is None:
        return 0
    agency = identifiers.commune_committee_code(PROVINCE, HONG_BANG)
    made = 0
    for i, (subject, kind, title, content, procedure) in enumerate(PETITIONS):
        name, _, phone, _ = PEOPLE[i + 3]
        with clock(_working_moment(4 - i, 9)):
            petition = do_submit(officer, check_submit(officer, {
                "subject": subject, "kind": kind, "title": title, "content": content,
                "procedure": procedure, "agency": agency, "submitter_name": name,
                "submitter_phone": phone.replace(" ", "")}))
        made += 1
        if i == 0:
            with clock(_working_moment(3, 10)):
                petition_action(leader, petition.code, "classify", {"kind": kind})
                petition_action(leader, petition.code, "assign",
                                {"handler": "chuyenvien.hongbang"})
            with clock(_working_moment(2, 15)):
                petition_action(leader, petition.code, "answer", {
                    "answer": "Ủy ban nhân dân phường đã đưa thủ tục chứng thực bản sao điện "
                              "tử vào danh sách triển khai từ quý I năm 2027; trong thời gian "
                              "chờ, ông/bà có thể đặt lịch trước trên Cổng Dịch vụ công."})
                petition_action(leader, petition.code, "publish", {})
        elif i == 1:
            with clock(_working_moment(3, 10)):
                petition_action(leader, petition.code, "classify", {"kind": kind})
                petition_action(leader, petition.code, "assign",
                                {"handler": "chuyenvien.hongbang"})
    return made
