"""A unit's self-assessment and its appraisal in a real browser (Debian's Chromium via
Playwright): the commune's leader finds the year's assessment, scores, attaches the plan,
saves a draft and submits; the appraiser of the Department of Home Affairs lowers one score
with a reason and sends the appraisal; the unit then sees it."""

import pytest

from motcua import test as cast
from motcua.test import CHROMIUM
from reform import assess
from reform.models import Area, Criterion, Framework, SubCriterion, UnitAssessment
from units import identifiers
from units.models import StaffRole

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not CHROMIUM, reason="Debian's chromium is not installed"),
]

HONG_BANG = cast.commune_agency(cast.HONG_BANG)
SNV = identifiers.department_code(cast.PROVINCE, 2)


@pytest.fixture
def opened(commune_leader):
    framework = Framework.objects.create(year=2026, unit_type="commune",
                                         name="Bộ chỉ số cải cách hành chính cấp xã năm 2026")
    area = Area.objects.create(framework=framework, number=1, name="Công tác chỉ đạo, điều hành")
    criterion = Criterion.objects.create(area=area, number=1, name="Kế hoạch cải cách hành chính")
    SubCriterion.objects.create(criterion=criterion, number=1, max_points=10,
                                name="Ban hành kế hoạch cải cách hành chính đúng hạn",
                                evidence="Kế hoạch có chữ ký, đóng dấu", evidence_min=1)
    SubCriterion.objects.create(criterion=criterion, number=2, max_points=60,
                                name="Mức độ hoàn thành kế hoạch", rule="proportional")
    survey = Criterion.objects.create(area=Area.objects.create(
        framework=framework, number=2, name="Sự hài lòng"), number=1, name="SIPAS")
    SubCriterion.objects.create(criterion=survey, number=1, max_points=30, method="survey",
                                rule="proportional", name="Sự hài lòng của người dân")
    office = cast.make_staff("lanhdao.snv", StaffRole.Role.LEADER, SNV)
    appraiser = cast.make_staff("thamdinh.snv", StaffRole.Role.SPECIALIST, SNV,
                                first_name="Tuấn", last_name="Vũ Minh")
    assessment = assess.do_open(assess.check_open(office, {
        "framework": framework.pk, "self_days": 15, "appraisal_days": 10, "answer_days": 5,
        "units": [HONG_BANG]}), office)
    unit = assessment.units.get()
    assess.do_assign(unit, [appraiser], office)
    return unit


def sign_in(page, url, username):
    page.goto(f"{url}/can-bo/dang-nhap/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "mat-khau-thu-nghiem")
    page.get_by_role("button", name="Đăng nhập").click()


def test_a_unit_scores_itself_and_the_appraiser_appraises(browser, live_server, opened):
    leader = browser.new_context(locale="vi-VN")
    leader.set_default_timeout(15_000)
    page = leader.new_page()
    sign_in(page, live_server.url, "lanhdao.hongbang")
    page.goto(f"{live_server.url}/can-bo/cai-cach/")
    page.locator("h2", has_text="Tự đánh giá của đơn vị").wait_for()
    page.get_by_role("link", name="Phường Hồng Bàng").click()
    # Submitting before the evidence is there is named and refused.
    page.fill("input[name='p.1.1.1']", "10")
    page.fill("input[name='v.1.1.2']", "80")
    page.fill("textarea[name='e.1.1.2']", "Hoàn thành 16/20 nhiệm vụ của kế hoạch")
    with page.expect_navigation():
        page.get_by_role("button", name="Lưu nháp").click()
    assert page.input_value("input[name='p.1.1.2']") == "48.00"  # 60 × 80 %
    with page.expect_navigation():
        page.get_by_role("button", name="Gửi kết quả tự đánh giá").click()
    page.locator("text=Cần 1 tài liệu kiểm chứng").first.wait_for()
    page.locator("input[name='f.1.1.1']").set_input_files(
        {"name": "ke-hoach-12.pdf", "mimeType": "application/pdf",
         "buffer": cast.sample_pdf("Kế hoạch 12/KH-UBND")})
    page.get_by_role("button", name="Lưu nháp").click()
    page.get_by_role("link", name="ke-hoach-12.pdf").wait_for()
    page.get_by_role("button", name="Gửi kết quả tự đánh giá").click()
    page.locator("text=Đã gửi, đang thẩm định").first.wait_for()
    unit = UnitAssessment.objects.get(pk=opened.pk)
    assert unit.status == "submitted"
    assert sorted(unit.scores.exclude(self_points=None).values_list("self_points", flat=True)) \
        == [10, 48]

    appraiser = browser.new_context(locale="vi-VN")
    appraiser.set_default_timeout(15_000)
    other = appraiser.new_page()
    sign_in(other, live_server.url, "thamdinh.snv")
    other.goto(f"{live_server.url}/can-bo/cai-cach/")
    other.locator("h2", has_text="Đơn vị tôi thẩm định").wait_for()
    other.get_by_role("link", name="Phường Hồng Bàng").click()
    other.get_by_role("link", name="ke-hoach-12.pdf").wait_for()  # the evidence is there
    other.select_option("select[name='d.1.1.1']", "keep")
    other.select_option("select[name='d.1.1.2']", "lower")
    other.fill("input[name='p.1.1.2']", "42")
    other.fill("input[name='r.1.1.2']", "Hai nhiệm vụ báo cáo hoàn thành nhưng chưa có kết quả")
    other.get_by_role("button", name="Gửi kết quả thẩm định cho đơn vị").click()
    other.locator("text=Đã thẩm định, đơn vị được giải trình").first.wait_for()

    # The unit sees the change and may answer it once.
    page.reload()
    assert "Hai nhiệm vụ báo cáo hoàn thành nhưng chưa có kết quả" in page.content()
    page.fill("textarea[name='a.1.1.2']", "Kết quả hai nhiệm vụ đã có tại văn bản số 45/UBND")
    page.get_by_role("button", name="Lưu giải trình").click()
    page.locator("text=Kết quả hai nhiệm vụ đã có tại văn bản số 45/UBND").first.wait_for()
    assert page.locator("textarea[name='a.1.1.2']").count() == 0  # once
    scores = {s.sub.code: s for s in UnitAssessment.objects.get(pk=opened.pk).scores
              .select_related("sub__criterion__area")}
    assert (scores["1.1.2"].decision, scores["1.1.2"].appraised_points) == ("lower", 42)
    assert scores["1.1.2"].answer.startswith("Kết quả hai nhiệm vụ")
    leader.close()
    appraiser.close()
