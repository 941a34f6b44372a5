"""Complaints and suggestions (PAKN): a person sends one about a dossier, a procedure or an
officer; the unit classifies, assigns, answers within its working-day time limits and may
publish; the person says whether the answer satisfied them. Past a time limit, rejecting or
asking for more is refused and a late answer counts late."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from dossiers.tests.test_intake import SELF_APPLICANT
from feedback import petitions
from feedback.models import Petition
from indicators import engine, periods
from motcua import test as cast
from units import identifiers
from workcalendar import calendars

pytestmark = pytest.mark.django_db

HONG_BANG_UBND = cast.commune_agency(cast.HONG_BANG)


def api(client, user, method, url, **data):
    if user is None:
        client.logout()
    else:
        client.force_login(user)
    return getattr(client, method)(url, data, content_type="application/json")


def pakn_action(client, user, code, action, **data):
    return api(client, user, "post", f"/api/v1/pakn/{code}/actions/{action}", **data)


@pytest.fixture
def online_dossier(client, person):
    client.force_login(person)
    response = client.post("/api/v1/dossiers", {
        "procedure": cast.KNOWN_PROCEDURE, "unit": cast.HONG_BANG,
        "form_data": cast.BIRTH_DECLARATION, **SELF_APPLICANT}, content_type="application/json")
    assert response.status_code == 201, response.content
    return response.json()["code"]


@pytest.fixture
def petition(client, person, online_dossier):
    response = api(client, person, "post", "/api/v1/pakn", subject="dossier",
                   dossier=online_dossier, title="Hồ sơ khai sinh chưa được tiếp nhận",
                   content="Tôi nộp hồ sơ trực tuyến đã ba ngày nhưng chưa được tiếp nhận, "
                           "gọi điện đến bộ phận một cửa không ai nghe máy.",
                   submitter_phone="0912 345 678")
    assert response.status_code == 201, response.content
    return response.json()


def working_days_later(start, days, agency):
    return calendars.compute_due(start, Decimal(days), "working_day", agency).due


def test_a_petition_about_a_dossier_goes_to_its_unit_with_its_time_limits(petition,
                                                                          online_dossier):
    assert petition["code"].startswith("PAKN-") and petition["status"] == "received"
    assert petition["unit"] == HONG_BANG_UBND and petition["dossier"] == online_dossier
    assert petition["submitter_name"] == "Phạm Thị Hồng" and petition["kind"] == "complaint"
    assert petition["timeliness"] == "in_time"
    stored = Petition.objects.get(code=petition["code"])
    assert stored.reject_by == working_days_later(stored.received_at, 2, stored.agency)
    assert stored.more_info_by == working_days_later(stored.received_at, 5, stored.agency)
    assert stored.due_at == working_days_later(stored.received_at, 15, stored.agency)
    assert stored.reject_by < stored.more_info_by < stored.due_at
    assert list(stored.events.values_list("action", flat=True)) == ["submit"]


def test_the_whole_path_to_a_published_answer_and_the_person_s_satisfaction(
        client, petition, person, commune_leader, specialist, citizen):
    code = petition["code"]
    assert pakn_action(client, commune_leader, code, "classify", kind="complaint",
                       topic="late").json()["status"] == "classified"
    body = pakn_action(client, commune_leader, code, "assign",
                       handler="chuyenvien.hongbang").json()
    assert body["status"] == "assigned" and body["handler"] == "chuyenvien.hongbang"

    # The specialist asks for more; the wait for the person moves the answer's due date.
    before = Petition.objects.get(code=code).due_at
    body = pakn_action(client, specialist, code, "request_info",
                       request="Đề nghị cho biết số điện thoại đã gọi và thời gian gọi.").json()
    assert body["status"] == "more_info" and body["timeliness"] == "in_time"
    Petition.objects.filter(code=code).update(
        info_requested_at=timezone.now() - dt.timedelta(days=7))
    body = pakn_action(client, person, code, "provide_info",
                       reply="Số 0225 3842 xxx, gọi lúc 9 giờ sáng thứ Hai.").json()
    assert body["status"] == "assigned"
    assert Petition.objects.get(code=code).due_at > before

    body = pakn_action(client, specialist, code, "answer",
                       answer="Hồ sơ đã được tiếp nhận ngày hôm nay; bộ phận một cửa xin lỗi "
                              "ông/bà vì sự chậm trễ.").json()
    assert body["status"] == "answered" and body["on_time"] is True
    assert body["timeliness"] == "on_time" and body["closed_at"]
    assert body["allowed_actions"] == []  # the specialist cannot publish
    body = pakn_action(client, commune_leader, code, "publish",
                       summary="Công dân phản ánh hồ sơ khai sinh nộp trực tuyến chậm được "
                               "tiếp nhận.").json()
    assert body["status"] == "published"

    # Published: anyone reads the question as published and the answer, not who sent it.
    client.logout()
    public = client.get(f"/phan-anh-kien-nghi/{code}/").content.decode()
    assert "chậm được tiếp nhận" in public and "xin lỗi" in public
    assert "Phạm Thị Hồng" not in public and "0912" not in public
    listing = client.get("/api/v1/pakn/published").json()["results"]
    assert [p["code"] for p in listing] == [code] and "submitter_name" not in listing[0]

    # The person says whether the answer satisfied them, once.
    body = pakn_action(client, person, code, "rate", satisfaction="satisfied").json()
    assert body["satisfaction"] == "satisfied"
    again = pakn_action(client, person, code, "rate", satisfaction="dissatisfied")
    assert again.status_code == 409
    assert Petition.objects.get(code=code).satisfaction == "satisfied"
    assert [e["action"] for e in body["events"]] == [
        "submit", "classify", "assign", "request_info", "provide_info", "answer", "publish",
        "rate"]
    # Published or not, another person cannot act on it (nor read its personal data).
    response = pakn_action(client, citizen, code, "rate", satisfaction="dissatisfied")
    assert response.status_code == 404
    assert api(client, citizen, "get", f"/api/v1/pakn/{code}").status_code == 404


def test_past_its_time_limits_a_petition_must_be_answered_and_counts_late(
        client, petition, commune_leader, supervisor):
    """A petition received 20 working days ago: too late to reject or to ask for more; the
    answer is still given, and recorded late for indicator 5.2."""
    stored = Petition.objects.get(code=petition["code"])
    stored.received_at = timezone.now() - dt.timedelta(days=30)
    petitions.set_deadlines(stored)
    stored.save()
    assert stored.due_at < timezone.now()
    code = stored.code

    body = api(client, commune_leader, "get", f"/api/v1/pakn/{code}").json()
    assert body["timeliness"] == "overdue"
    assert "reject" not in body["allowed_actions"] and "request_info" not in body["allowed_actions"]
    overdue = api(client, commune_leader, "get", "/api/v1/pakn?overdue=true").json()["results"]
    assert [p["code"] for p in overdue] == [code]
    page = client.get("/can-bo/phan-anh-kien-nghi/?box=overdue").content.decode()
    assert code in page and "quá hạn" in page

    response = pakn_action(client, commune_leader, code, "reject",
                           reason="Nội dung không thuộc thẩm quyền của phường.")
    assert response.status_code == 400
    assert "Đã quá thời hạn từ chối" in response.json()["fields"]["reason"][0]
    response = pakn_action(client, commune_leader, code, "request_info",
                           request="Đề nghị cung cấp thêm thông tin.")
    assert response.status_code == 400 and "request" in response.json()["fields"]
    stored.refresh_from_db()
    assert stored.status == "received" and stored.closed_at is None

    pakn_action(client, commune_leader, code, "classify", kind="complaint")
    pakn_action(client, commune_leader, code, "assign", handler="lanhdao.hongbang")
    body = pakn_action(client, commune_leader, code, "answer",
                       answer="Phường đã kiểm tra và tiếp nhận hồ sơ của ông/bà.").json()
    assert body["status"] == "answered" and body["on_time"] is False
    assert body["timeliness"] == "late"
    summary = client.get("/can-bo/phan-anh-kien-nghi/?box=closed").content.decode()
    assert code in summary and "trả lời quá hạn" in summary
    # 766 indicator 5.2 counts it in the month it was received: handled late.
    month = periods.parse(f"{timezone.localtime(stored.received_at):%Y-%m}")
    counts = engine.petition_counts(month)[stored.agency_id]
    assert (counts["petitions"], counts["num 5.2"], counts["num 5.3"]) == (1, 0, 0)
    figures = petitions.month_figures(commune_leader)
    assert (figures["open"], figures["overdue"]) == (0, 0)


def test_a_petition_outside_the_unit_s_remit_is_rejected_in_time(client, petition,
                                                                  commune_leader, person):
    body = pakn_action(client, commune_leader, petition["code"], "reject",
                       reason="Nội dung đã được giải quyết theo phản ánh PAKN trước.").json()
    assert body["status"] == "rejected" and body["on_time"] is True
    assert body["reject_reason"].startswith("Nội dung đã được")
    # Closed: nothing more can be done, and the person sees why.
    response = pakn_action(client, commune_leader, petition["code"], "answer",
                           answer="Một câu trả lời quá muộn.")
    assert response.status_code == 409 and response.json()["allowed_actions"] == []
    client.force_login(person)
    page = client.get(f"/phan-anh-kien-nghi/{petition['code']}/").content.decode()
    assert "Từ chối tiếp nhận" in page and "đã được giải quyết" in page


def test_petitions_without_a_unit_go_to_the_province_which_routes_them(
        client, person, supervisor, commune_leader, other_commune_leader):
    response = api(client, person, "post", "/api/v1/pakn", subject="procedure",
                   procedure=cast.KNOWN_PROCEDURE, kind="suggestion",
                   title="Đề nghị bỏ yêu cầu bản sao giấy đăng ký kết hôn",
                   content="Dữ liệu kết hôn đã có trong cơ sở dữ liệu hộ tịch, đề nghị không "
                           "yêu cầu nộp bản sao khi đăng ký khai sinh.")
    assert response.status_code == 201, response.content
    code = response.json()["code"]
    assert response.json()["unit"] == identifiers.province_committee_code(cast.PROVINCE)
    # The commune does not see it yet; the province's supervisor routes it there.
    assert api(client, commune_leader, "get", f"/api/v1/pakn/{code}").status_code == 404
    body = pakn_action(client, supervisor, code, "classify", kind="suggestion",
                       topic="requirements", agency=HONG_BANG_UBND).json()
    assert body["unit"] == HONG_BANG_UBND and body["status"] == "classified"
    assert api(client, commune_leader, "get", f"/api/v1/pakn/{code}").status_code == 200
    assert api(client, other_commune_leader, "get", f"/api/v1/pakn/{code}").status_code == 404
    assert code not in str(api(client, other_commune_leader, "get", "/api/v1/pakn").json())


def test_bad_petitions_and_actions_are_refused_with_reasons(client, person, citizen,
                                                            online_dossier, petition,
                                                            commune_leader, counter_officer):
    count = Petition.objects.count()
    for data, field in [
        ({"subject": "weather", "title": "Tiêu đề đủ dài", "content": "Nội dung đủ dài rồi."},
         "subject"),
        ({"subject": "other", "title": "Ngắn", "content": "Nội dung đủ dài rồi."}, "title"),
        ({"subject": "other", "title": "Tiêu đề đủ dài", "content": "x" * 5001}, "content"),
        ({"subject": "dossier", "title": "Tiêu đề đủ dài", "content": "Nội dung đủ dài rồi."},
         "dossier"),
        ({"subject": "procedure", "procedure": "9.999999", "title": "Tiêu đề đủ dài",
          "content": "Nội dung đủ dài rồi."}, "procedure"),
        ({"subject": "officer", "title": "Tiêu đề đủ dài", "content": "Nội dung đủ dài rồi."},
         "officer_name"),
        ({"subject": "other", "title": "Tiêu đề đủ dài", "content": "Nội dung đủ dài rồi.",
          "submitter_phone": "09ab"}, "submitter_phone"),
        # Digits, but not a Vietnamese number: validated like every phone MotCua takes.
        ({"subject": "other", "title": "Tiêu đề đủ dài", "content": "Nội dung đủ dài rồi.",
          "submitter_phone": "12345"}, "submitter_phone"),
    ]:
        response = api(client, person, "post", "/api/v1/pakn", **data)
        assert response.status_code == 400, data
        assert field in response.json()["fields"], (data, response.json())
    # Another person's dossier is not theirs to complain about by code.
    response = api(client, citizen, "post", "/api/v1/pakn", subject="dossier",
                   dossier=online_dossier, title="Tiêu đề đủ dài", content="Nội dung đủ dài.")
    assert response.status_code == 400 and "dossier" in response.json()["fields"]
    # A counter officer records one received by phone: the person's contact is required.
    response = api(client, counter_officer, "post", "/api/v1/pakn", subject="other",
                   title="Phản ánh qua điện thoại", content="Bãi gửi xe của bộ phận một cửa "
                   "thu phí cao hơn niêm yết.", submitter_name="Trần Văn Bình")
    assert response.status_code == 400 and "submitter_phone" in response.json()["fields"]
    assert Petition.objects.count() == count
    assert client.post("/api/v1/pakn", "[]", content_type="application/json").status_code == 400

    code = petition["code"]
    response = pakn_action(client, person, code, "classify", kind="complaint")
    assert response.status_code == 409 and response.json()["status"] == "received"
    assert pakn_action(client, commune_leader, code, "classify", kind="rumour").status_code == 400
    assert pakn_action(client, commune_leader, code, "explode").status_code == 404
    assert pakn_action(client, citizen, code, "classify", kind="complaint").status_code == 404
    assert pakn_action(client, None, code, "classify").status_code in (401, 403)
    pakn_action(client, commune_leader, code, "classify", kind="complaint")
    response = pakn_action(client, commune_leader, code, "assign", handler="lanhdao.lechan")
    assert response.status_code == 400 and "handler" in response.json()["fields"]
    assert Petition.objects.get(code=code).status == "classified"


def test_the_pages_send_follow_and_handle_a_petition(client, person, online_dossier,
                                                     commune_leader, specialist):
    client.force_login(person)
    form = client.get(f"/phan-anh-kien-nghi/gui/?dossier={online_dossier}").content.decode()
    assert online_dossier in form and 'value="dossier" checked' in form
    response = client.post("/phan-anh-kien-nghi/gui/", {"subject": "dossier",
                                                        "dossier": online_dossier,
                                                        "title": "Ngắn", "content": ""})
    assert response.status_code == 400 and "quá ngắn" in response.content.decode()
    response = client.post("/phan-anh-kien-nghi/gui/", {
        "subject": "officer", "officer_name": "Cán bộ quầy số 2", "dossier": online_dossier,
        "kind": "complaint", "title": "Thái độ tiếp dân chưa đúng mực",
        "content": "Cán bộ quầy số 2 nói chuyện điện thoại riêng khi tiếp nhận hồ sơ."})
    assert response.status_code == 302
    petition = Petition.objects.get()
    assert response["Location"] == f"/phan-anh-kien-nghi/{petition.code}/"
    assert petition.subject == "officer" and petition.agency.code == HONG_BANG_UBND
    assert petition.code in client.get("/phan-anh-kien-nghi/").content.decode()

    client.force_login(commune_leader)
    listing = client.get("/can-bo/phan-anh-kien-nghi/").content.decode()
    assert petition.code in listing
    page = client.get(f"/can-bo/phan-anh-kien-nghi/{petition.code}/").content.decode()
    assert 'value="classify"' in page and "Phạm Thị Hồng" in page
    client.post(f"/can-bo/phan-anh-kien-nghi/{petition.code}/",
                {"action": "classify", "kind": "complaint", "topic": "conduct"})
    client.post(f"/can-bo/phan-anh-kien-nghi/{petition.code}/",
                {"action": "assign", "handler": "chuyenvien.hongbang"})
    client.force_login(specialist)
    assert petition.code in client.get("/can-bo/phan-anh-kien-nghi/?box=mine").content.decode()
    client.post(f"/can-bo/phan-anh-kien-nghi/{petition.code}/",
                {"action": "answer", "answer": "Phường đã nhắc nhở cán bộ và xin lỗi ông/bà."})
    petition.refresh_from_db()
    assert petition.status == "answered" and petition.answered_by == specialist

    client.force_login(person)
    page = client.get(f"/phan-anh-kien-nghi/{petition.code}/").content.decode()
    assert "nhắc nhở cán bộ" in page and 'name="satisfaction"' in page
    client.post(f"/phan-anh-kien-nghi/{petition.code}/",
                {"action": "rate", "satisfaction": "neutral", "comment": "Mong cải thiện."})
    petition.refresh_from_db()
    assert petition.satisfaction == "neutral"
    # Not published: nobody else reads it.
    client.logout()
    assert client.get(f"/phan-anh-kien-nghi/{petition.code}/").status_code == 404
