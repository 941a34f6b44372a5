"""The yearly reform assessment on a designed year, through the API, with exact values: a
commune's self-assessment with manual and automatic criteria, the frozen evidence of the
automatic ones, an appraisal with an answer, the settled index with and without the survey,
the published ranking and its next version, and who sees what when."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from dossiers.models import Dossier
from indicators.tests.test_766 import october  # noqa: F401 (a fixture)
from motcua import test as cast
from reform import assess
from reform.models import Area, Assessment, Criterion, Framework, SubCriterion, UnitAssessment
from units import identifiers
from units.models import Agency, StaffRole

pytestmark = pytest.mark.django_db

M, R = SubCriterion.Method, SubCriterion.Rule
HONG_BANG = cast.commune_agency(cast.HONG_BANG)
LE_CHAN = cast.commune_agency(cast.LE_CHAN)
SNV = identifiers.department_code(cast.PROVINCE, 2)  # Sở Nội vụ


@pytest.fixture
def framework():
    """2026, communes: two manual sub-criteria and a deduction scored by the unit, two scored
    from MotCua's data (on-time dossiers, proportional to 80 %; dossiers valid on first
    submission, in bands), and the survey's 30 points."""
    framework = Framework.objects.create(year=2026, unit_type="commune",
                                         name="Bộ chỉ số cải cách hành chính cấp xã năm 2026")
    area = Area.objects.create(framework=framework, number=1, name="Cải cách thủ tục hành chính")
    first = Criterion.objects.create(area=area, number=1, name="Kết quả giải quyết hồ sơ")
    second = Criterion.objects.create(area=area, number=2, name="Kỷ luật, kỷ cương")
    survey = Criterion.objects.create(
        area=Area.objects.create(framework=framework, number=2, name="Sự hài lòng"), number=1,
        name="Chỉ số SIPAS")

    def sub(criterion, number, points, method, rule, name, **options):
        return SubCriterion.objects.create(criterion=criterion, number=number, name=name,
                                           max_points=points, method=method, rule=rule,
                                           **options)

    sub(first, 1, 10, M.SELF, R.FULL_OR_NONE, "Ban hành kế hoạch cải cách hành chính đúng hạn",
        evidence="Kế hoạch có chữ ký, đóng dấu", evidence_min=1)
    sub(first, 2, 20, M.AUTO, R.PROPORTIONAL, "Hồ sơ giải quyết đúng hạn", target=80,
        measure="766:2.1")
    sub(first, 3, 15, M.AUTO, R.BANDS, "Hồ sơ hợp lệ ngay từ lần nộp đầu tiên",
        measure="first_valid", bands=[[80, 5], [95, 15], [90, 10]])
    sub(second, 1, 5, M.SELF, R.DEDUCTIONS, "Báo cáo định kỳ đúng hạn", deduction=2)
    sub(second, 2, 20, M.SELF, R.PROPORTIONAL, "Mức độ hoàn thành kế hoạch số hóa")
    sub(survey, 1, 30, M.SURVEY, R.PROPORTIONAL, "Sự hài lòng của người dân, tổ chức")
    return framework


@pytest.fixture
def people(commune_leader, other_commune_leader):
    return {
        "office": cast.make_staff("lanhdao.snv", StaffRole.Role.LEADER, SNV,
                                  first_name="Hương", last_name="Phạm Thị"),
        "appraiser": cast.make_staff("thamdinh.snv", StaffRole.Role.SPECIALIST, SNV,
                                     first_name="Tuấn", last_name="Vũ Minh"),
        "hong_bang": commune_leader, "le_chan": other_commune_leader,
        "hong_bang_staff": cast.make_staff("chuyenvien.cchc.hongbang",
                                           StaffRole.Role.SPECIALIST, HONG_BANG),
    }


def call(client, user, method, url, body=None, **extra):
    client.force_login(user)
    if body is None or method == "get":
        return getattr(client, method)(f"/api/v1/reform/{url}", body or {}, **extra)
    return getattr(client, method)(f"/api/v1/reform/{url}", json.dumps(body),
                                   content_type="application/json", **extra)


def step(client, user, pk, agency, action, body=None):
    return call(client, user, "post", f"assessments/{pk}/units/{agency}/actions/{action}",
                body or {})


def pdf(name):
    return SimpleUploadedFile(name, cast.sample_pdf(name), content_type="application/pdf")


def scores_of(response):
    return {s["code"]: s for s in response.json()["scores"]}


@pytest.fixture
def opened(client, framework, people):
    response = call(client, people["office"], "post", "assessments", {
        "framework": framework.pk, "self_days": 15, "appraisal_days": 10, "answer_days": 5,
        "units": [HONG_BANG, LE_CHAN]})
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    for agency in (HONG_BANG, LE_CHAN):
        response = call(client, people["office"], "put",
                        f"assessments/{pk}/units/{agency}/appraisers",
                        {"appraisers": ["thamdinh.snv"]})
        assert response.status_code == 200, response.content
    return pk


def self_assess_hong_bang(client, people, pk):
    """Hồng Bàng's draft: its plan (full points, with the plan as evidence), one report late
    (5 − 2), 62.5 % of its digitisation plan done (12.50 of 20)."""
    client.force_login(people["hong_bang_staff"])
    response = client.post(
        f"/api/v1/reform/assessments/{pk}/units/{HONG_BANG}/actions/save",
        {"scores": json.dumps({
            "1.1.1": {"points": "10", "explanation": "Kế hoạch số 12/KH-UBND ngày 08/01/2026",
                      "links": ["https://hongbang.haiphong.gov.vn/ke-hoach-cchc-2026"]},
            "1.2.1": {"value": "1", "explanation": "Báo cáo quý II gửi chậm 2 ngày"},
            "1.2.2": {"value": "62.5"},
        }), "files.1.1.1": pdf("ke-hoach-12.pdf")})
    assert response.status_code == 200, response.content
    return response


def test_a_commune_s_year_from_self_assessment_to_a_published_index(client, october,  # noqa: F811
                                                                    people, opened):
    pk, office, appraiser = opened, people["office"], people["appraiser"]
    hong_bang, le_chan = people["hong_bang"], people["le_chan"]
    # A draft is not a submission: the civil servant saves, only the leader submits.
    drafted = scores_of(self_assess_hong_bang(client, people, pk))
    assert (drafted["1.1.1"]["self_points"], drafted["1.2.1"]["self_points"],
            drafted["1.2.2"]["self_points"]) == ("10.00", "3.00", "12.50")
    assert step(client, people["hong_bang_staff"], pk, HONG_BANG, "submit").status_code == 403
    # The count of late reports was 2, not 1: the draft is corrected (5 − 2 × 2 = 1).
    assert step(client, hong_bang, pk, HONG_BANG, "save",
                {"scores": {"1.2.1": {"value": "2", "explanation": "Hai báo cáo gửi chậm"}}}
                ).status_code == 200
    response = step(client, hong_bang, pk, HONG_BANG, "submit")
    assert response.status_code == 200, response.content
    submitted = scores_of(response)
    # The automatic criteria are scored from MotCua's own 2026 figures and frozen: on time
    # 3 of 7 dossiers (20 × (3/7) / 80 % = 10.71); valid on first submission 6 of 7
    # (85.71 %: the 80 % band, 5 points).
    on_time, first_valid = submitted["1.1.2"], submitted["1.1.3"]
    assert (on_time["measured"]["numerator"], on_time["measured"]["denominator"],
            on_time["self_points"]) == ("3", "7", "10.71")
    assert sorted(r["code"] for r in on_time["measured"]["drilldown"]) == sorted(
        october[x].code for x in "bcde")
    assert (first_valid["measured"]["numerator"], first_valid["measured"]["denominator"],
            first_valid["self_points"]) == ("6", "7", "5.00")
    assert [r["code"] for r in first_valid["measured"]["drilldown"]] == [october["c"].code]
    assert Decimal(first_valid["measured"]["value"]) == Decimal(6) / Decimal(7)
    # Later changes to the dossiers do not move the evidence the unit submitted.
    Dossier.objects.filter(pk=october["c"].pk).update(supplement_rounds=0)
    again = scores_of(call(client, appraiser, "get", f"assessments/{pk}/units/{HONG_BANG}"))
    assert again["1.1.3"]["measured"] == first_valid["measured"]
    # Submitted once: a second submission or a new draft is refused.
    assert step(client, hong_bang, pk, HONG_BANG, "submit").status_code == 409
    assert step(client, hong_bang, pk, HONG_BANG, "save",
                {"scores": {"1.1.1": {"points": "0"}}}).status_code == 409

    # The appraiser lowers the plan (issued late, they say) and raises digitisation.
    response = step(client, appraiser, pk, HONG_BANG, "appraise", {"scores": {
        "1.1.1": {"decision": "lower", "points": "0",
                  "reason": "Kế hoạch ban hành sau ngày 15/01/2026"},
        "1.2.2": {"decision": "raise", "points": "15",
                  "reason": "Đã số hóa thêm hồ sơ hộ tịch quý IV"}}})
    assert response.status_code == 200, response.content
    # Until it is sent, the appraisal is not the unit's to see.
    seen = scores_of(call(client, hong_bang, "get", f"assessments/{pk}/units/{HONG_BANG}"))
    assert seen["1.1.1"]["decision"] == "" and seen["1.1.1"]["appraised_points"] is None
    response = step(client, appraiser, pk, HONG_BANG, "send_appraisal")
    assert response.status_code == 400
    assert "1.1.2" in response.json()["fields"]["scores"][0]
    response = step(client, appraiser, pk, HONG_BANG, "send_appraisal", {"scores": {
        code: {"decision": "keep"} for code in ("1.1.2", "1.1.3", "1.2.1")}})
    assert response.status_code == 200, response.content
    # Who hears of it: the appraiser when the unit submitted, the unit's leaders now.
    from integrations.models import Notification

    assert Notification.objects.filter(user=appraiser, kind="reform",
                                       text__contains="Hồng Bàng").exists()
    told = Notification.objects.filter(user=hong_bang, kind="reform").order_by("-id").first()
    assert told is not None and response.json()["answer_due"] is not None
    # The unit answers the lowered plan once, with the plan's registration as evidence.
    client.force_login(hong_bang)
    response = client.post(
        f"/api/v1/reform/assessments/{pk}/units/{HONG_BANG}/actions/answer",
        {"scores": json.dumps({"1.1.1": {
            "answer": "Kế hoạch ký ngày 08/01/2026, vào sổ văn bản đi số 12 cùng ngày"}}),
         "files.1.1.1": pdf("so-van-ban-di.pdf")})
    assert response.status_code == 200, response.content
    response = step(client, hong_bang, pk, HONG_BANG, "answer",
                    {"scores": {"1.1.1": {"answer": "Bổ sung giải trình"}}})
    assert response.status_code == 400 and "1.1.1" in json.dumps(response.json()["fields"])
    assert step(client, hong_bang, pk, HONG_BANG, "answer",
                {"scores": {"1.1.2": {"answer": "Không đồng ý"}}}).status_code == 400
    # The raise is not answered yet and there is time left: not to settle yet.
    assert step(client, appraiser, pk, HONG_BANG, "settle").status_code == 400
    assert step(client, hong_bang, pk, HONG_BANG, "finish_answers").status_code == 200
    # Convinced by the answer, the appraiser gives the plan its 10 points back.
    response = step(client, appraiser, pk, HONG_BANG, "settle", {"scores": {
        "1.1.1": {"points": "10", "reason": "Chấp nhận giải trình: kế hoạch ban hành đúng hạn"}}})
    assert response.status_code == 200, response.content
    settled = scores_of(response)
    assert [settled[c]["final_points"] for c in ("1.1.1", "1.1.2", "1.1.3", "1.2.1", "1.2.2")] \
        == ["10.00", "10.71", "5.00", "1.00", "15.00"]
    # 41.71 of the 70 appraised points; without a survey yet, rescaled to 100.
    result = response.json()["result"]
    assert (result["appraised"], result["total"], result["rescaled"]) == ("41.71", "59.59", True)

    # Lê Chân: no dossier in 2026, so its automatic criteria give nothing; kept throughout.
    assert step(client, le_chan, pk, LE_CHAN, "save", {"scores": {
        "1.1.1": {"points": "0"}, "1.2.1": {"value": "0"}, "1.2.2": {"value": "100"}}}
    ).status_code == 200
    assert step(client, le_chan, pk, LE_CHAN, "submit").status_code == 200
    assert step(client, appraiser, pk, LE_CHAN, "send_appraisal", {"scores": {
        code: {"decision": "keep"} for code in ("1.1.1", "1.1.2", "1.1.3", "1.2.1", "1.2.2")}}
    ).status_code == 200
    assert step(client, appraiser, pk, LE_CHAN, "settle").status_code == 200  # nothing to answer

    # The survey results; the Department of Home Affairs publishes.
    for agency, percent in ((HONG_BANG, "90.59"), (LE_CHAN, "80")):
        assert call(client, office, "post", f"assessments/{pk}/units/{agency}/survey",
                    {"percent": percent, "source": "SIPAS 2026"}).status_code == 200
    assert call(client, hong_bang, "post", f"assessments/{pk}/publish").status_code == 403
    response = call(client, office, "post", f"assessments/{pk}/publish")
    assert response.status_code == 201, response.content
    published = response.json()["results"]
    # Hồng Bàng 41.71 + 30 × 90.59 % (27.18) = 68.89; Lê Chân 0 + 5 + 20 + 24 = 49.
    assert [(r["agency"], r["rank"], r["appraised"], r["survey_points"], r["total"])
            for r in published] == [(HONG_BANG, 1, "41.71", "27.18", "68.89"),
                                    (LE_CHAN, 2, "25.00", "24.00", "49.00")]
    assert published[0]["areas"] == [[1, "Cải cách thủ tục hành chính", "41.71", "70.00"],
                                      [2, "Sự hài lòng", "27.18", "30.00"]]
    public = client.get("/api/v1/reform/results?year=2026&unit_type=commune").json()
    assert [(p["version"], p["results"][0]["total"]) for p in public] == [(1, "68.89")]

    # Nothing moves after publication without a new, recorded version.
    assert step(client, appraiser, pk, HONG_BANG, "settle").status_code == 409
    assert call(client, office, "post", f"assessments/{pk}/units/{HONG_BANG}/survey",
                {"percent": "95", "source": "SIPAS 2026"}).status_code == 409
    assert call(client, office, "put", f"assessments/{pk}/units/{HONG_BANG}/appraisers",
                {"appraisers": ["thamdinh.snv"]}).status_code == 409
    assert step(client, office, pk, HONG_BANG, "reopen").status_code == 400  # a reason
    assert step(client, office, pk, HONG_BANG, "reopen",
                {"reason": "Thanh tra phát hiện kế hoạch ký lùi ngày"}).status_code == 200
    assert step(client, appraiser, pk, HONG_BANG, "settle", {"scores": {
        "1.1.1": {"points": "0", "reason": "Theo kết luận thanh tra số 5/KL-TTr"}}}
    ).status_code == 200
    # Still version 1 in public until the new version is published, with its reason.
    assert client.get("/api/v1/reform/results?year=2026").json()[0]["version"] == 1
    assert call(client, office, "post", f"assessments/{pk}/publish").status_code == 400
    response = call(client, office, "post", f"assessments/{pk}/publish",
                    {"reason": "Điều chỉnh theo kết luận thanh tra số 5/KL-TTr"})
    assert response.status_code == 201
    assert [(r["agency"], r["total"]) for r in response.json()["results"]] == [
        (HONG_BANG, "58.89"), (LE_CHAN, "49.00")]
    first = client.get("/api/v1/reform/results?year=2026&version=1").json()
    assert first[0]["results"][0]["total"] == "68.89"
    events = call(client, office, "get", f"assessments/{pk}/events").json()
    assert [e["action"] for e in events if e["agency"] in (None, HONG_BANG)] == [
        "open", "assign", "save", "save", "submit", "appraise", "send_appraisal", "answer",
        "finish_answers", "settle", "survey", "publish", "reopen", "settle", "publish"]


def test_a_unit_never_sees_another_unit_s_assessment_before_publication(client, framework,
                                                                        people, opened):
    pk = opened
    self_assess_hong_bang(client, people, pk)
    le_chan = people["le_chan"]
    assert call(client, le_chan, "get", f"assessments/{pk}/units/{HONG_BANG}").status_code \
        == 404
    listed = call(client, le_chan, "get", f"assessments/{pk}/units").json()["results"]
    assert [u["agency"] for u in listed] == [LE_CHAN]
    assert step(client, le_chan, pk, HONG_BANG, "save",
                {"scores": {"1.1.1": {"points": "0"}}}).status_code == 404
    # The file of its evidence neither.
    unit = UnitAssessment.objects.get(assessment_id=pk, agency__code=HONG_BANG)
    stored = unit.scores.get(sub__number=1, sub__criterion__number=1,
                             sub__criterion__area__number=1).files.get()
    client.force_login(le_chan)
    assert client.get(f"/can-bo/cai-cach/tep/{stored.pk}/").status_code == 404
    client.force_login(people["hong_bang"])
    assert client.get(f"/can-bo/cai-cach/tep/{stored.pk}/").status_code == 200
    # An appraiser of other units does not see it either; the office does.
    other = cast.make_staff("thamdinh2.snv", StaffRole.Role.SPECIALIST, SNV)
    UnitAssessment.objects.get(assessment_id=pk, agency__code=LE_CHAN).appraisers.add(other)
    assert call(client, other, "get", f"assessments/{pk}/units/{HONG_BANG}").status_code == 404
    assert call(client, people["office"], "get",
                f"assessments/{pk}/units/{HONG_BANG}").status_code == 200
    # Nor does a unit appraise itself, or an appraiser take the unit's steps.
    response = call(client, people["office"], "put",
                    f"assessments/{pk}/units/{HONG_BANG}/appraisers",
                    {"appraisers": ["lanhdao.hongbang"]})
    assert response.status_code == 400
    assert step(client, people["appraiser"], pk, HONG_BANG, "submit").status_code == 403


def test_bad_input_is_named_and_changes_nothing(client, framework, people, opened):
    pk, leader = opened, people["hong_bang"]
    cases = [
        {"scores": {"9.9.9": {"points": "1"}}},
        {"scores": {"1.1.1": {"points": "5"}}},  # full points or none
        {"scores": {"1.1.1": {"value": "80"}}},  # ... so points, not a figure
        {"scores": {"1.2.2": {"points": "21"}}},  # above the maximum
        {"scores": {"1.2.2": {"points": "NaN"}}},
        {"scores": {"1.2.2": {"points": "1.234"}}},
        {"scores": {"1.2.2": {"value": "120"}}},
        {"scores": {"1.2.2": {"value": "1e309"}}},  # quantizing it was a 500
        # A count of deductions has no ceiling of its own, but its column has one.
        {"scores": {"1.2.1": {"value": "1e309"}}},
        {"scores": {"1.2.1": {"value": "10000000"}}},
        {"scores": {"1.1.2": {"points": "20"}}},  # automatic: not the unit's to score
        {"scores": {"1.1.1": {"links": ["javascript:alert(1)"]}}},
        {"scores": {"1.1.1": {"links": ["HS-KHONG-CO"]}}},
        {"scores": ["1.1.1"]},
        {"scores": {"1.1.1": "10"}},
    ]
    for body in cases:
        response = step(client, leader, pk, HONG_BANG, "save", body)
        assert response.status_code == 400, (body, response.content)
        assert response.json()["error"] == "invalid"
    client.force_login(leader)
    response = client.post(f"/api/v1/reform/assessments/{pk}/units/{HONG_BANG}/actions/save",
                           {"scores": "{không phải JSON", "files.1.1.1": pdf("a.pdf")})
    assert response.status_code == 400
    response = client.post(f"/api/v1/reform/assessments/{pk}/units/{HONG_BANG}/actions/save",
                           {"scores": '{"1.2.1": {"explanation": "ch\\u0000m"}}',
                            "files.1.1.1": pdf("a.pdf")})  # JSON in a field: a NUL inside
    assert response.status_code == 400
    response = client.post(f"/api/v1/reform/assessments/{pk}/units/{HONG_BANG}/actions/save",
                           {"scores": "{}", "files.1.1.1": SimpleUploadedFile(
                               "virus.exe", b"MZ\x90\x00" * 10)})
    assert response.status_code == 400
    assert step(client, leader, pk, HONG_BANG, "fly").status_code == 400
    assert step(client, leader, pk, "000.00.00.X", "save").status_code == 404
    unit = UnitAssessment.objects.get(assessment_id=pk, agency__code=HONG_BANG)
    assert not unit.scores.exclude(self_points=None).exists()
    assert not unit.scores.filter(files__isnull=False).exists()
    for body in ({"framework": "x"}, {"framework": framework.pk, "self_days": "0",
                                      "appraisal_days": "5", "answer_days": "5"},
                 {"framework": framework.pk, "self_days": 5, "appraisal_days": 5,
                  "answer_days": 121},
                 {"framework": framework.pk, "self_days": 5, "appraisal_days": 5,
                  "answer_days": 5, "units": [HONG_BANG] * (assess.MAX_UNITS + 1)},
                 {"framework": framework.pk, "self_days": 5, "appraisal_days": 5,
                  "answer_days": 5}):  # open already
        assert call(client, people["office"], "post", "assessments", body).status_code == 400
    assert call(client, leader, "post", "assessments", {}).status_code == 403
    for body in ({"percent": "101", "source": "SIPAS"}, {"percent": "x"},
                 {"percent": "90"},
                 # a source longer than the column is refused, not cut short
                 {"percent": "90", "source": "Khảo sát SIPAS " * 15},
                 {"percent": "9" * 41, "source": "SIPAS"}):
        assert call(client, people["office"], "post",
                    f"assessments/{pk}/units/{HONG_BANG}/survey", body).status_code == 400
    assert client.get("/api/v1/reform/results?year=abc").status_code == 400
    assert Assessment.objects.count() == 1


def test_deadlines_are_stored_in_working_days(framework, people):
    tz = timezone.get_default_timezone()
    cleaned = assess.check_open(people["office"], {
        "framework": str(framework.pk), "self_days": "10", "appraisal_days": "10",
        "answer_days": "5", "units": [HONG_BANG]})
    assessment = assess.do_open(cleaned, people["office"],
                                now=dt.datetime(2027, 1, 4, 8, 0, tzinfo=tz))
    # Ten working days from Monday 4 January 2027 08:00: Monday 18 January 08:00; ten more
    # from there: Monday 1 February (no day off in January after New Year's Day).
    assert timezone.localtime(assessment.self_due) == dt.datetime(2027, 1, 18, 8, 0, tzinfo=tz)
    assert timezone.localtime(assessment.appraisal_due) == dt.datetime(2027, 2, 1, 8, 0,
                                                                       tzinfo=tz)
    assert list(assessment.units.values_list("agency__code", flat=True)) == [HONG_BANG]
    assert assessment.units.get().scores.count() == 6


def test_the_pages_walk_the_cycle_and_show_the_ranking(client, framework, people, opened):
    """The same cycle on the pages: the unit's form, the appraiser's, the office's table."""
    pk, leader, appraiser = opened, people["hong_bang"], people["appraiser"]
    page = f"/can-bo/cai-cach/{pk}/{HONG_BANG}/"
    client.force_login(leader)
    assert client.get("/can-bo/cai-cach/").status_code == 200
    response = client.get(page)
    assert response.status_code == 200 and b'name="p.1.1.1"' in response.content
    client.post(page, {"action": "save", "p.1.1.1": "10", "e.1.1.1": "Kế hoạch số 12",
                       "l.1.1.1": "", "f.1.1.1": pdf("ke-hoach.pdf"), "v.1.2.1": "0",
                       "v.1.2.2": "50"})
    client.post(page, {"action": "submit"})
    unit = UnitAssessment.objects.get(assessment_id=pk, agency__code=HONG_BANG)
    assert unit.status == "submitted"
    assert sorted(unit.scores.exclude(self_points=None).values_list("self_points", flat=True)) \
        == [0, 0, 5, 10, 10]  # 20 × 50 %, 5 − 0, the plan, no dossier for the two measured
    # A bad figure is named on the page and saves nothing.
    client.force_login(appraiser)
    response = client.post(page, {"action": "send_appraisal", "d.1.1.1": "lower",
                                  "p.1.1.1": "5", "r.1.1.1": "Thiếu"}, follow=True)
    assert "0 hoặc 10" in response.content.decode()
    assert UnitAssessment.objects.get(pk=unit.pk).status == "submitted"
    form = {"action": "send_appraisal", **{f"d.{c}": "keep" for c in
                                           ("1.1.2", "1.1.3", "1.2.1", "1.2.2")},
            "d.1.1.1": "lower", "p.1.1.1": "0", "r.1.1.1": "Kế hoạch không có dấu"}
    client.post(page, form)
    assert UnitAssessment.objects.get(pk=unit.pk).status == "appraised"
    client.force_login(leader)
    client.post(page, {"action": "answer", "a.1.1.1": "Bản có dấu đính kèm"})
    client.post(page, {"action": "finish_answers"})
    client.force_login(appraiser)
    client.post(page, {"action": "settle", "p.1.1.1": "10", "r.1.1.1": "Chấp nhận"})
    unit.refresh_from_db()
    assert (unit.status, unit.total) == ("settled", Decimal("35.71"))  # 25 of 70
    client.force_login(people["office"])
    response = client.get(f"/can-bo/cai-cach/{pk}/")
    assert "35,71" in response.content.decode()  # the decimal comma of Vietnamese
    assert client.get("/can-bo/cai-cach/ket-qua/").status_code == 200
    assert client.get("/chi-so-cai-cach/").status_code == 200


def test_a_department_s_index_with_manual_automatic_and_survey_criteria(client):
    """Sở Tư pháp, 2026: its plan (manual, 40), its assigned tasks (automatic, proportional to
    90 %: the mean of its monthly task scores, 85, gives 30 × 85/90 = 28.33) and the survey
    (30 points at 90 %: 27)."""
    from directives.models import UnitTaskScore

    stp = identifiers.department_code(cast.PROVINCE, 3)
    framework = Framework.objects.create(year=2026, unit_type="department",
                                         name="Bộ chỉ số cải cách hành chính các sở năm 2026")
    criterion = Criterion.objects.create(area=Area.objects.create(
        framework=framework, number=1, name="Công tác chỉ đạo, điều hành"), number=1,
        name="Kế hoạch và nhiệm vụ")
    SubCriterion.objects.create(criterion=criterion, number=1, max_points=40,
                                name="Ban hành kế hoạch cải cách hành chính")
    SubCriterion.objects.create(criterion=criterion, number=2, max_points=30, method="auto",
                                rule="proportional", target=90, measure="tasks",
                                name="Nhiệm vụ UBND thành phố giao hoàn thành đúng hạn")
    SubCriterion.objects.create(criterion=Criterion.objects.create(area=Area.objects.create(
        framework=framework, number=2, name="Sự hài lòng"), number=1, name="SIPAS"),
        number=1, max_points=30, method="survey", rule="proportional",
        name="Sự hài lòng của người dân, tổ chức")
    agency = Agency.objects.get(code=stp)
    UnitTaskScore.objects.create(agency=agency, period="2026-01", score=80, tasks=4)
    UnitTaskScore.objects.create(agency=agency, period="2026-02", score=90, tasks=3)
    office = cast.make_staff("lanhdao.snv", StaffRole.Role.LEADER, SNV)
    appraiser = cast.make_staff("thamdinh.snv", StaffRole.Role.SPECIALIST, SNV)
    leader = cast.make_staff("lanhdao.stp", StaffRole.Role.LEADER, stp)
    response = call(client, office, "post", "assessments", {
        "framework": framework.pk, "self_days": 15, "appraisal_days": 10, "answer_days": 5})
    pk = response.json()["id"]
    # Every active department is assessed when none are listed.
    assert UnitAssessment.objects.filter(assessment_id=pk).count() == Agency.objects.filter(
        kind="department", is_active=True).count()
    call(client, office, "put", f"assessments/{pk}/units/{stp}/appraisers",
         {"appraisers": ["thamdinh.snv"]})
    assert step(client, leader, pk, stp, "save", {"scores": {"1.1.1": {
        "points": "40", "links": ["https://stp.haiphong.gov.vn/ke-hoach-cchc-2026"]}}}
    ).status_code == 200
    response = step(client, leader, pk, stp, "submit")
    tasks = scores_of(response)["1.1.2"]
    assert (tasks["measured"]["numerator"], tasks["self_points"]) == ("85.00", "28.33")
    assert step(client, appraiser, pk, stp, "send_appraisal", {"scores": {
        "1.1.1": {"decision": "keep"}, "1.1.2": {"decision": "keep"}}}).status_code == 200
    response = step(client, appraiser, pk, stp, "settle")
    assert response.json()["result"]["total"] == "97.61"  # 68.33 of 70, rescaled
    call(client, office, "post", f"assessments/{pk}/units/{stp}/survey",
         {"percent": "90", "source": "Điều tra xã hội học 2026"})
    unit = UnitAssessment.objects.get(assessment_id=pk, agency=agency)
    assert (unit.appraised, unit.total) == (Decimal("68.33"), Decimal("95.33"))


def test_frameworks_are_read_whole_through_the_api(client, framework, people):
    client.force_login(people["hong_bang"])
    body = client.get("/api/v1/reform/frameworks").json()["results"]
    mine = next(f for f in body if f["id"] == framework.pk)
    assert mine["problems"] == []
    subs = [s for a in mine["areas"] for c in a["criteria"] for s in c["sub_criteria"]]
    assert [(s["code"], s["max_points"], s["method"]) for s in subs] == [
        ("1.1.1", "10.00", "self"), ("1.1.2", "20.00", "auto"), ("1.1.3", "15.00", "auto"),
        ("1.2.1", "5.00", "self"), ("1.2.2", "20.00", "self"), ("2.1.1", "30.00", "survey")]
    client.logout()
    assert client.get("/api/v1/reform/frameworks").status_code in (401, 403)


def test_the_office_moves_frameworks_in_and_out_on_its_page(client, framework, people):
    client.force_login(people["office"])
    response = client.get(f"/can-bo/cai-cach/?dinh_dang=xlsx&khung={framework.pk}")
    assert response.status_code == 200 and response.content[:2] == b"PK"
    workbook = SimpleUploadedFile("bo-chi-so.xlsx", response.content)
    response = client.post("/can-bo/cai-cach/", {"action": "import", "year": "2027",
                                                "unit_type": "commune", "workbook": workbook})
    assert response.status_code == 302
    made = Framework.objects.get(year=2027, unit_type="commune")
    assert [s.code for s in made.sub_criteria()] == [s.code for s in framework.sub_criteria()]
    response = client.post("/can-bo/cai-cach/", {"action": "copy", "framework": made.pk,
                                                "year": "2028"})
    assert response.status_code == 302
    assert Framework.objects.get(year=2028, unit_type="commune").copied_from == made
    # A bad file is refused whole, its problems listed; the page names them.
    response = client.post("/can-bo/cai-cach/", {
        "action": "import", "year": "2029", "unit_type": "commune",
        "workbook": SimpleUploadedFile("hong.xlsx", b"khong phai excel")})
    assert response.status_code == 400 and not Framework.objects.filter(year=2029).exists()
    assert client.post("/can-bo/cai-cach/", {"action": "copy", "framework": made.pk,
                                             "year": "2028"}).status_code == 400
    client.force_login(people["hong_bang"])
    assert client.post("/can-bo/cai-cach/", {"action": "copy", "framework": made.pk,
                                             "year": "2030"}).status_code == 403
