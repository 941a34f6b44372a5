"""The five paths through MotCua, walked in Debian's Chromium on the demo city (`make run`'s
data), on an office screen (1366 px) and on a phone (390 px):

- the citizen: the home page, finding a procedure, filing it online, "Hồ sơ của tôi",
  tracking it, and a complaint sent without an account (its phone proven by a code);
- the counter officer: the inbox with its counts, intake with the commune typed by name and the
  reception fee collected, the receipt, the transfer, then the result waiting to be returned,
  found again from the search box and returned;
- the leader: assigning, then signing what the specialist submitted (Chờ tôi phê duyệt);
- the specialist: the dossier assigned to her, submitted for signature (Trình ký);
- the supervisor: the 766 dashboard with its figures, trend and ranking, the drill-down, PAKN
  and the national sync pages.

Every page they reach is checked for sideways scrolling and Content-Security-Policy refusals.
"""

import logging
import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from dossiers.models import Dossier
from feedback.models import Petition
from motcua import test as cast
from motcua.test import CHROMIUM
from portal.tests.test_browser import apply_for_birth_registration, sign_in

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not CHROMIUM, reason="Debian's chromium is not installed"),
]

PASSWORD = "motcua@2026"  # every demo account's (README, "Demo accounts")


@pytest.fixture
def city(caplog):
    caplog.set_level(logging.INFO, logger="motcua.notify")  # where the demo's SMS go
    call_command("load_demo", verbosity=0, stdout=open("/dev/null", "w"))


class Walk:
    """One person's browser at one width; `see` checks the page they are on."""

    def __init__(self, browser, url, width):
        self.context = browser.new_context(locale="vi-VN",
                                           viewport={"width": width, "height": 844})
        self.context.set_default_timeout(20_000)
        self.page = self.context.new_page()
        self.url, self.width, self.refused = url, width, []
        self.page.on("console", lambda m: self.refused.append(m.text)
                     if "Content Security Policy" in m.text else None)

    def go(self, path):
        self.page.goto(self.url + path)
        return self.see()

    def see(self, *texts):
        page = self.page
        page.wait_for_load_state()
        wider = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert wider <= 0, (self.width, page.url, wider)
        assert self.refused == [], self.refused
        content = page.content()
        for text in texts:
            assert text in content, (self.width, page.url, text)
        return content

    def menu(self, name):
        """A header link: on a phone, behind the menu button."""
        if self.width < 700:
            self.page.locator("label.menu-button").click()
        self.page.get_by_role("link", name=name, exact=True).first.click()
        return self.see()

    def staff(self, username):
        self.page.goto(f"{self.url}/can-bo/dang-nhap/")
        self.page.fill("input[name=username]", username)
        self.page.fill("input[name=password]", PASSWORD)
        self.page.click("form button[type=submit]")
        self.page.wait_for_url(f"{self.url}/can-bo/")
        return self.see()

    def act(self, verb, **fields):
        """Open an action of the dossier page by its verb, fill it, and press it."""
        page = self.page
        page.locator("summary", has_text=verb).first.click()
        form = page.locator("details[open] form")
        for name, value in fields.items():
            box = form.locator(f"[name={name}]")
            if box.evaluate("e => e.tagName") == "SELECT":
                box.select_option(value)
            else:
                box.fill(value)
        form.get_by_role("button", name=verb).click()
        return self.see()

    def close(self):
        self.context.close()


@pytest.fixture
def walks(browser, live_server, city):
    opened = []

    def open_walk(width):
        walk = Walk(browser, live_server.url, width)
        opened.append(walk)
        return walk
    yield open_walk
    for walk in opened:
        walk.close()


WIDTHS = [1366, 390]


@pytest.mark.parametrize("width", WIDTHS)
def test_the_citizen_files_follows_and_complains(walks, width, caplog):
    citizen = walks(width)
    home = citizen.go("/")
    assert "Nộp hồ sơ trực tuyến" in home and "Tra cứu hồ sơ" in home
    assert "Thủ tục được sử dụng nhiều" in home and "Hỗ trợ" in home and "Phản ánh, kiến nghị" in home
    sign_in(citizen.page, citizen.url, "031190004567")  # Phạm Thị Hồng, by the demo VNeID
    citizen.see()
    apply_for_birth_registration(citizen.page, citizen.url)
    dossier = Dossier.objects.filter(channel=2).latest("id")
    citizen.see(dossier.code, "Nguyễn Ngọc Diệp", "02/11/2026")
    listing = citizen.menu("Hồ sơ của tôi")
    assert dossier.code in listing and "trang_thai=" in listing
    citizen.menu("Tra cứu hồ sơ")
    citizen.page.fill("input[name=code]", dossier.code)
    citizen.page.fill("input[name=phone_last4]", dossier.applicant_phone[-4:])
    citizen.page.get_by_role("button", name="Tra cứu").click()
    citizen.see("Đăng ký khai sinh")

    visitor = walks(width)  # a resident without an account
    visitor.go("/phan-anh-kien-nghi/gui/")
    visitor.page.check("input[name=subject][value=other]")
    visitor.page.fill("input[name=title]", "Đề nghị mở thêm quầy tiếp nhận buổi sáng thứ hai")
    visitor.page.fill("textarea[name=content]",
                      "Sáng thứ hai hằng tuần người dân phải chờ hơn một tiếng mới được tiếp nhận.")
    visitor.page.fill("input[name=submitter_name]", "Lương Thị Thu Trang")
    visitor.page.fill("input[name=submitter_phone]", "0936 118 204")
    visitor.page.get_by_role("button", name="Gửi mã xác thực").click()
    visitor.see("09•••••204")
    code = re.findall(r"mã xác thực của bạn là (\d{6})", caplog.text)[-1]
    visitor.page.fill("input[name=code]", code)
    visitor.page.get_by_role("button", name="Xác nhận và gửi").click()
    petition = Petition.objects.get(submitter_name="Lương Thị Thu Trang")
    visitor.see(petition.code, "Đề nghị mở thêm quầy tiếp nhận")


@pytest.mark.parametrize("width", WIDTHS)
def test_counter_leader_and_specialist_take_a_dossier_from_intake_to_its_return(walks, width):
    counter = walks(width)
    inbox = counter.staff("motcua.hongbang")
    assert re.search(r'class="badge">[1-9]', inbox)  # the tabs show their counts
    counter.page.get_by_role("button", name="Tiếp nhận hồ sơ").first.click()
    counter.see()
    counter.page.fill("input[name=q]", "dang ky lai khai sinh")
    counter.page.get_by_role("button", name="Đăng ký lại khai sinh").first.click()
    counter.page.wait_for_selector("input[name=components]")
    options = counter.page.locator("datalist#communes option").count()
    assert options > 100  # the city's communes, to choose by name
    counter.page.fill("input[name=unit]", "hồng bàng")
    boxes = counter.page.locator("input[name=components]:not([disabled])")
    for i in range(boxes.count()):
        boxes.nth(i).check()
    counter.page.locator("input[name=fees]").first.check()
    counter.page.check("input[name=collect]")
    counter.page.fill("input[name=applicant_id_number]", "031190004567")
    counter.page.get_by_role("button", name="Điền từ Cơ sở dữ liệu quốc gia về dân cư").click()
    counter.see()
    # The population database fills the person in; what was ticked stays ticked.
    assert counter.page.input_value("input[name=applicant_name]") == "Phạm Thị Hồng"
    assert counter.page.locator("input[name=fees]").first.is_checked()
    assert all(boxes.nth(i).is_checked() for i in range(boxes.count()))
    assert counter.page.input_value("input[name=unit]") == "hồng bàng"
    counter.page.get_by_role("button", name="Lưu", exact=True).click()
    counter.page.wait_for_url("**/can-bo/ho-so/**")
    code = counter.page.url.rstrip("/").rsplit("/", 1)[-1]
    counter.see(f"Đã tạo hồ sơ {code}", "biên lai số", "Giấy tiếp nhận hồ sơ và hẹn trả kết quả")
    dossier = Dossier.objects.get(code=code)
    assert dossier.agency.unit.name == "Phường Hồng Bàng" and dossier.payments.get().status == "paid"
    # Sent on with the day's other received dossiers' list (Chờ chuyển xử lý).
    counter.go("/can-bo/")
    counter.page.get_by_role("link", name="Chờ chuyển xử lý").first.click()
    counter.see(code)
    every = counter.page.get_by_role("checkbox", name="Chọn tất cả")
    boxes = counter.page.locator("input[name=code]")
    every.check()
    assert boxes.count() >= 1 and all(boxes.nth(i).is_checked() for i in range(boxes.count()))
    every.uncheck()
    assert not any(boxes.nth(i).is_checked() for i in range(boxes.count()))
    counter.page.get_by_role("checkbox", name=f"Chuyển hồ sơ {code}").check()
    counter.page.get_by_role("button", name="Chuyển các hồ sơ đã chọn đến cơ quan giải quyết") \
        .click()
    counter.see("Đã chuyển 1 hồ sơ đến cơ quan có thẩm quyền.")
    assert Dossier.objects.get(code=code).status == "processing"

    leader = walks(width)
    leader.staff("lanhdao.hongbang")
    leader.go(f"/can-bo/ho-so/{code}/")
    leader.act("Phân công", assignee="chuyenvien.hongbang")
    leader.see("Hoàng Thị Lan")

    specialist = walks(width)
    specialist.staff("chuyenvien.hongbang")
    specialist.page.get_by_role("link", name="Được giao cho tôi").first.click()
    specialist.see(code)
    specialist.page.get_by_role("link", name=code).click()
    specialist.act("Trình ký", decision="approve", note="Hồ sơ đầy đủ, đủ điều kiện đăng ký lại")
    assert Dossier.objects.get(code=code).proposal == "approve"

    leader.go("/can-bo/")
    leader.page.get_by_role("link", name="Chờ tôi phê duyệt").first.click()
    leader.see(code)
    leader.page.get_by_role("link", name=code).click()
    leader.act("Ký duyệt")
    leader.see("Đã phê duyệt kết quả")
    assert Dossier.objects.get(code=code).status == "resolved"

    # The signed result waits at the counter; the person comes back with the receipt's code.
    counter.go("/can-bo/")
    counter.page.get_by_role("link", name="Chờ trả kết quả").first.click()
    counter.see(code)
    counter.page.get_by_role("searchbox", name="Tìm hồ sơ").fill("031 190 004 567")
    counter.page.get_by_role("button", name="Tìm kiếm").first.click()
    counter.see("khớp với", code)  # every dossier of this person, open or closed
    counter.page.get_by_role("searchbox", name="Tìm hồ sơ").fill(code)
    counter.page.get_by_role("button", name="Tìm kiếm").first.click()
    counter.page.wait_for_url(f"**/can-bo/ho-so/{code}/")
    counter.act("Trả kết quả", method="counter")
    counter.see("Đã trả kết quả")
    assert Dossier.objects.get(code=code).status == "returned"
    # The day's line in the center's register (Sổ theo dõi hồ sơ), to print or download.
    counter.go("/can-bo/")
    counter.page.locator("summary", has_text="Quầy và thiết lập").click()
    counter.page.get_by_role("link", name="Sổ theo dõi hồ sơ").click()
    counter.see("Sổ theo dõi hồ sơ", code, "Tải về tệp Excel")


@pytest.mark.parametrize("width", WIDTHS)
def test_the_supervisor_reads_the_city(walks, width):
    supervisor = walks(width)
    supervisor.staff("giamsat")
    supervisor.page.locator("summary", has_text="Theo dõi, báo cáo").click()
    supervisor.page.get_by_role("link", name="Chỉ số phục vụ người dân, doanh nghiệp").click()
    dashboard = supervisor.see("/ 100", "Xếp hạng")
    assert 'class="chart"' in dashboard  # the trend, drawn on the server
    assert supervisor.page.locator("svg[aria-label='Diễn biến theo tháng']").count() >= 1
    # A commune of the ranking: its own figures beside the city's.
    supervisor.page.get_by_role("link", name="Phường Hồng Bàng").first.click()
    supervisor.see("phường Hồng Bàng", "/ 100")
    assert supervisor.page.locator("svg[aria-label='Đơn vị so với toàn thành phố']").count() >= 1
    supervisor.go("/can-bo/phan-anh-kien-nghi/")
    supervisor.see("PAKN-")
    supervisor.go("/can-bo/dong-bo/")
    assert "/can-bo/ho-so/" in supervisor.go("/can-bo/")  # the city's dossiers, in sight
    # A common family name across the city, narrowed to one ward's unfinished dossiers.
    supervisor.page.get_by_role("searchbox", name="Tìm hồ sơ").fill("Nguyễn")
    supervisor.page.get_by_role("button", name="Tìm kiếm").first.click()
    supervisor.see("hồ sơ khớp với")
    supervisor.page.select_option("select[name=unit]",
                                  label="Ủy ban nhân dân phường Hồng Bàng")
    supervisor.page.select_option("select[name=state]", "open")
    supervisor.page.get_by_role("button", name="Tìm kiếm").first.click()
    narrowed = supervisor.see("Trong đơn vị và trạng thái đã chọn.")
    assert "/can-bo/ho-so/" in narrowed
    codes = set(re.findall(r'href="/can-bo/ho-so/([^/"]+)/"', narrowed))
    assert {d.agency.name for d in Dossier.objects.filter(code__in=codes)} == {
        "Ủy ban nhân dân phường Hồng Bàng"}


@pytest.mark.parametrize("width", WIDTHS)
def test_the_supervisor_and_a_unit_leader_follow_assigned_tasks(walks, width):
    from directives.models import Task

    supervisor = walks(width)
    supervisor.staff("giamsat")
    supervisor.page.locator("summary", has_text="Theo dõi, báo cáo").click()
    supervisor.page.get_by_role("link", name="Nhiệm vụ được giao").click()
    overview = supervisor.see("Tổng hợp tình hình thực hiện nhiệm vụ được giao",
                              "Xếp hạng đơn vị", "36/KH-UBND")
    assert 'aria-label="Nhiệm vụ theo tháng đến hạn"' in overview
    supervisor.page.locator("ul.figures a[href*='ket_qua=overdue']").click()
    listing = supervisor.see("ket_qua=overdue")
    overdue = Task.objects.filter(closed_at__isnull=True, due_at__lt=timezone.now(),
                                  status__in=["assigned", "acknowledged", "in_progress"])
    assert all(t.code in listing for t in overdue)
    # What a department reported done, confirmed by the office.
    reported = Task.objects.get(status="proposed_done")
    supervisor.go(f"/can-bo/nhiem-vu/{reported.code}/")
    supervisor.act("Xác nhận hoàn thành", note="Đồng ý kết quả")
    supervisor.see("Đã xác nhận hoàn thành")
    assert Task.objects.get(pk=reported.pk).status == "done"

    leader = walks(width)
    leader.staff("lanhdao.hongbang")
    leader.page.locator("summary", has_text="Theo dõi, báo cáo").click()
    leader.page.get_by_role("link", name="Nhiệm vụ được giao").click()
    leader.see("Hồng Bàng")
    assert "Sở Tư pháp" not in leader.page.content()  # another unit's tasks are not in sight
    leader.page.get_by_role("link", name="Nhiệm vụ", exact=True).first.click()
    mine = Task.objects.filter(lead__code=cast.commune_agency(cast.HONG_BANG), status="in_progress",
                               parent=None).first()
    leader.see(mine.code)
    leader.page.get_by_role("link", name=mine.code).click()
    leader.act("Báo cáo tiến độ", percent="90",
               text="Đã rà soát xong, đang hoàn thiện báo cáo nguyên nhân")
    leader.see("Đã báo cáo tiến độ", "90%")
    assert Task.objects.get(pk=mine.pk).progress == 90
    leader.page.get_by_role("link", name="KPI").first.click()
    leader.see("KPI hằng tháng", "Công chức của đơn vị")
