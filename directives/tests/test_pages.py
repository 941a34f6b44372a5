"""The task pages: the supervisor records a document, assigns and imports tasks from Excel
(every bad row named, nothing saved), the overview with its exports; the unit works its task
on its page; KPI on its page."""

import csv
import io

import pytest
from openpyxl import Workbook, load_workbook

from directives.models import Directive, MonthlyKPI, Task
from directives.tests.test_tasks import HONG_BANG, LE_CHAN, STP, later
from motcua import test as cast

pytestmark = pytest.mark.django_db


def workbook(rows):
    wb = Workbook()
    ws = wb.active
    ws.append(["Nội dung nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Hạn hoàn thành",
               "Độ ưu tiên", "Lặp lại"])
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    buffer.name = "nhiem-vu.xlsx"
    return buffer


@pytest.fixture
def document(client, supervisor):
    client.force_login(supervisor)
    response = client.post("/can-bo/nhiem-vu/van-ban/", {
        "kind": "plan", "number": "125/KH-UBND", "issued_on": "15/01/2026",
        "title": "Kế hoạch cải cách hành chính năm 2026", "signer_name": "Lê Anh Quân",
        "signer_title": "KT. CHỦ TỊCH – PHÓ CHỦ TỊCH"})
    assert response.status_code == 302, response.content.decode()[:2000]
    return Directive.objects.get()


def test_documents_and_tasks_are_recorded_on_the_pages(client, supervisor, document):
    page = client.post("/can-bo/nhiem-vu/van-ban/", {"kind": "plan", "number": "125/KH-UBND",
                                                     "issued_on": "31/02/2026"})
    text = page.content.decode()
    assert page.status_code == 400 and "ngày/tháng/năm" in text and "Trích yếu" in text
    response = client.post(f"/can-bo/nhiem-vu/van-ban/{document.pk}/", {
        "content": "Công bố danh mục thủ tục hành chính được tiếp nhận trực tuyến toàn trình",
        "lead": STP, "supporting": [HONG_BANG], "due_on": later(30), "priority": "high",
        "category": "reform"}, follow=True)
    text = response.content.decode()
    task = Task.objects.get()
    assert f"Đã giao nhiệm vụ {task.code} cho Sở Tư pháp" in text
    assert task.supporting.get().code == HONG_BANG and task.priority == "high"
    bad = client.post(f"/can-bo/nhiem-vu/van-ban/{document.pk}/", {"content": "x", "lead": ""})
    assert bad.status_code == 400 and Task.objects.count() == 1


def test_tasks_are_imported_from_excel_all_or_nothing(client, supervisor, document):
    url = f"/can-bo/nhiem-vu/van-ban/{document.pk}/"
    bad = workbook([
        ["Báo cáo kết quả rà soát thủ tục hành chính", "Sở Tư pháp", "", later(20), "Cao", ""],
        ["Số hóa hồ sơ tồn đọng", "Sở Không Tồn Tại", "", later(20), "Thường", ""],
        ["Báo cáo định kỳ tình hình giải quyết hồ sơ", "Phường Hồng Bàng", "", "32/13/2026",
         "Thấp", "Hằng tháng"],
    ])
    page = client.post(url, {"action": "import", "workbook": bad})
    text = page.content.decode()
    assert page.status_code == 400
    assert "Dòng 3, Đơn vị chủ trì" in text and "Dòng 4, Hạn hoàn thành" in text
    assert not Task.objects.exists()
    good = workbook([
        ["Báo cáo kết quả rà soát thủ tục hành chính", "STP", "UBND phường Hồng Bàng",
         later(20), "Cao", ""],
        ["Số hóa hồ sơ tồn đọng năm 2025", HONG_BANG, "", later(25), "Thường", ""],
    ])
    response = client.post(url, {"action": "import", "workbook": good}, follow=True)
    assert "Đã nhập 2 nhiệm vụ" in response.content.decode()
    assert Task.objects.filter(priority="high").get().lead.code == STP
    exported = client.get(url, {"dinh_dang": "xlsx"})
    sheet = load_workbook(io.BytesIO(exported.content)).active
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["Nội dung nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp"]
    assert sheet.max_row == 3 and sheet["B2"].value.startswith("Sở Tư pháp")
    # The exported sheet imports back into another document as it is.
    other = Directive.objects.create(kind="letter", number="88/UBND-KSTT",
                                     issued_on=document.issued_on, issuer=document.issuer,
                                     title="Về việc đôn đốc rà soát", signer_name="Lê Anh Quân")
    again = io.BytesIO(exported.content)
    again.name = "lai.xlsx"
    client.post(f"/can-bo/nhiem-vu/van-ban/{other.pk}/", {"action": "import", "workbook": again})
    assert other.tasks.count() == 2


def test_the_overview_and_its_exports(client, supervisor, commune_leader, document):
    for lead in (STP, HONG_BANG, LE_CHAN):
        client.post(f"/can-bo/nhiem-vu/van-ban/{document.pk}/", {
            "content": "Báo cáo tình hình thực hiện Kế hoạch 125/KH-UBND", "lead": lead,
            "due_on": later(15)})
    page = client.get("/can-bo/nhiem-vu/tong-hop/").content.decode()
    assert "Xếp hạng đơn vị" in page and "Sở Tư pháp" in page and "125/KH-UBND" in page
    assert "Tổng cộng 3 nhiệm vụ" in page
    sheet = load_workbook(io.BytesIO(client.get("/can-bo/nhiem-vu/tong-hop/",
                                                {"dinh_dang": "xlsx"}).content)).active
    assert sheet["B3"].value == "Đơn vị chủ trì" and sheet.max_row == 7  # 3 units + total
    rows = list(csv.reader(io.StringIO(client.get(
        "/can-bo/nhiem-vu/tong-hop/", {"dinh_dang": "csv"}).content.decode("utf-8-sig"))))
    assert rows[0][1] == "Đơn vị chủ trì" and len(rows) == 4
    listing = client.get("/can-bo/nhiem-vu/", {"ket_qua": "in_time", "don_vi": STP})
    assert listing.content.decode().count("/can-bo/nhiem-vu/NV-") == 1
    # A commune's leader sees only its own in the overview.
    client.force_login(commune_leader)
    page = client.get("/can-bo/nhiem-vu/tong-hop/").content.decode()
    assert "Tổng cộng 1 nhiệm vụ" in page and "Sở Tư pháp" not in page


def test_the_unit_works_its_task_on_its_page(client, supervisor, commune_leader, document):
    client.post(f"/can-bo/nhiem-vu/van-ban/{document.pk}/", {
        "content": "Niêm yết công khai thủ tục hành chính tại bộ phận một cửa",
        "lead": HONG_BANG, "due_on": later(20)})
    task = Task.objects.get()
    client.force_login(commune_leader)
    page = client.get(f"/can-bo/nhiem-vu/{task.code}/").content.decode()
    assert ">Tiếp nhận nhiệm vụ<" in page and ">Báo cáo tiến độ<" in page
    assert ">Xác nhận hoàn thành<" not in page  # the office's verb, not the unit's
    from django.core.files.uploadedfile import SimpleUploadedFile

    from portal.tests.test_apply import PDF

    client.post(f"/can-bo/nhiem-vu/{task.code}/", {
        "action": "report", "percent": "60", "text": "Đã niêm yết 45/60 thủ tục",
        "files": SimpleUploadedFile("anh-niem-yet.pdf", PDF, "application/pdf")})
    task.refresh_from_db()
    assert task.progress == 60 and task.status == "in_progress"
    event = task.events.get(action="report")
    (evidence,) = event.files.all()
    download = client.get(f"/can-bo/nhiem-vu/tep/{evidence.pk}/")
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")
    refused = client.post(f"/can-bo/nhiem-vu/{task.code}/", {
        "action": "report", "percent": "60", "text": "Ảnh chụp bảng niêm yết",
        "files": SimpleUploadedFile("virus.pdf", b"not a pdf", "application/pdf")}, follow=True)
    assert "không phải tài liệu PDF" in refused.content.decode()
    assert task.events.filter(action="report").count() == 1
    response = client.post(f"/can-bo/nhiem-vu/{task.code}/", {"action": "confirm_done"},
                           follow=True)
    assert response.status_code == 403 or "Không thể" in response.content.decode()


def test_the_kpi_page_shows_my_months_and_my_unit_s(client, specialist, commune_leader,
                                                    other_commune_leader):
    from directives import scores

    scores.compute_kpi("2026-10", [specialist])
    month = MonthlyKPI.objects.get(user=specialist)
    client.force_login(commune_leader)
    page = client.get("/can-bo/kpi/", {"thang": "2026-10"}).content.decode()
    assert "Công chức của đơn vị" in page and 'name="qualitative"' in page
    client.post("/can-bo/kpi/", {"action": "score", "kpi": month.pk, "thang": "2026-10",
                                 "qualitative": "85", "comment": "Hoàn thành tốt nhiệm vụ"})
    month.refresh_from_db()
    assert month.qualitative == 85
    client.force_login(other_commune_leader)
    page = client.get("/can-bo/kpi/", {"thang": "2026-10"}).content.decode()
    assert cast.HONG_BANG and "chuyenvien" not in page and "Hoàn thành tốt nhiệm vụ" not in page
    client.post("/can-bo/kpi/", {"action": "score", "kpi": month.pk, "qualitative": "10",
                                 "comment": "Không phải người của tôi"})
    month.refresh_from_db()
    assert month.qualitative == 85
    client.force_login(specialist)
    page = client.get("/can-bo/kpi/", {"thang": "2026-10"}).content.decode()
    assert "Hoàn thành tốt nhiệm vụ" in page and 'value="acknowledge"' in page
    client.post("/can-bo/kpi/", {"action": "acknowledge", "kpi": month.pk, "thang": "2026-10"})
    month.refresh_from_db()
    assert month.acknowledged_at is not None
