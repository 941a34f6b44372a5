"""A procedure with every published part, through the API and the printable page."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_api_returns_every_part(client):
    body = client.get("/api/v1/procedures/1.001193").json()
    assert body["name"] == "Đăng ký khai sinh"
    assert body["field"] == {"code": "HT", "name": "Hộ tịch"}
    assert body["level"] == "commune"
    assert body["implementing_agency"] == "Ủy ban nhân dân cấp xã"
    assert body["methods"] == ["counter", "post", "online"]
    assert body["online_level"] == "full"
    assert body["processing_time"] == "1.00" and body["time_unit"] == "working_day"
    assert body["applicants"] and body["result"] and body["steps"]
    assert body["receivable_anywhere"] is True
    assert body["result_electronic"] is True
    component = body["components"][2]
    assert component["replaced_by_data"] is True
    assert component["data_source"] == "Cơ sở dữ liệu quốc gia về dân cư"
    assert body["components"][0]["template_name"].startswith("Mẫu tờ khai")
    assert [f["amount"] for f in body["fees"]] == [0, 8000]
    assert body["fees"][1]["valid_from"] == "2025-07-01"
    assert body["legal_basis"][0]["number"] == "Luật số 60/2014/QH13"
    assert [s["role"] for s in body["process"]] == ["counter_officer", "specialist",
                                                    "counter_officer"]
    assert sum(float(s["duration"]) for s in body["process"]) == 1.0
    assert body["publications"][0]["decision"] == "1708/QĐ-UBND"
    assert body["fully_published"] is True and body["missing_parts"] == []
    assert body["accepts_dossiers"] is True and body["status"] == "active"


def test_the_inter_agency_bundle_lists_its_procedures_and_crosses_agencies(client):
    body = client.get("/api/v1/procedures/LT.001.H26").json()
    assert body["inter_agency"] is True
    assert body["bundled"] == ["1.001193", "1.004194", "2.002621"]
    assert {s["agency"] for s in body["process"]} == {None, "000.00.21.H26", "000.00.22.H26"}
    assert sum(float(s["duration"]) for s in body["process"]) == float(body["processing_time"])


def test_an_abolished_procedure_stays_visible_but_accepts_no_dossier(client):
    body = client.get("/api/v1/procedures/1.001766").json()
    assert body["status"] == "abolished"
    assert body["abolished_on"] == "2025-07-01"
    assert body["accepts_dossiers"] is False
    replacing = client.get("/api/v1/procedures/1.009974").json()
    assert replacing["publications"][0]["action"] == "replaced"
    assert replacing["publications"][0]["replaces"] == "1.001766"


def test_a_procedure_missing_parts_says_which(client):
    body = client.get("/api/v1/procedures/1.010831").json()
    assert body["fully_published"] is False
    assert body["missing_parts"] == [{"part": "publication", "label": "quyết định công bố"}]
    assert body["accepts_dossiers"] is False


def test_an_unknown_code_is_a_json_404(client):
    response = client.get("/api/v1/procedures/9.999999")
    assert response.status_code == 404
    assert response.json() == {"error": "not_found", "detail": "Không tìm thấy."}


def test_the_page_shows_every_part(client):
    page = client.get("/thu-tuc/1.001193/").content.decode()
    for heading in ["Cơ quan thực hiện", "Trình tự thực hiện", "Cách thức thực hiện",
                    "Thành phần hồ sơ", "Thời hạn giải quyết", "Đối tượng thực hiện",
                    "Kết quả thực hiện", "Phí, lệ phí", "Căn cứ pháp lý",
                    "Quy trình nội bộ điện tử", "Công bố"]:
        assert f"<dt>{heading}</dt>" in page, heading
    assert "Giấy chứng sinh" in page
    assert "<dt>Thông tin cần khai</dt>" in page and "Họ, chữ đệm, tên của trẻ" in page
    assert "Không phải nộp: dữ liệu được khai thác từ Cơ sở dữ liệu quốc gia về dân cư." in page
    assert "8.000 đ" in page
    assert "1708/QĐ-UBND" in page
    assert "không phụ thuộc địa giới hành chính" in page


def test_the_page_is_printable(client):
    page = client.get("/thu-tuc/1.001193/").content.decode()
    assert 'class="no-print"' in page
    css = b"".join(client.get("/static/css/motcua.css").streaming_content)
    assert b"@media print" in css


def test_the_page_warns_about_abolition_and_missing_parts(client):
    abolished = client.get("/thu-tuc/1.001766/").content.decode()
    assert "Thủ tục này đã bị bãi bỏ từ ngày 01/07/2025" in abolished
    incomplete = client.get("/thu-tuc/1.010831/").content.decode()
    assert "Chưa công khai đầy đủ. Còn thiếu: quyết định công bố." in incomplete


def test_an_unknown_procedure_page_is_a_vietnamese_404(client, settings):
    settings.DEBUG = False
    response = client.get("/thu-tuc/9.999999/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_the_home_page_counts_procedures_and_lists_fields(client):
    page = client.get("/").content.decode()
    assert "64 thủ tục đang hiệu lực" in page
    assert "Hộ tịch" in page and "Đất đai" in page


def test_the_demo_catalog_is_broad(db):
    from catalog.models import Field, Procedure

    assert Procedure.objects.count() >= 60
    assert Field.objects.filter(procedures__isnull=False).distinct().count() >= 10


def test_the_home_page_offers_the_four_tiles_the_most_used_procedures_and_help(client):
    from dossiers.actions import check_create, do_create
    from dossiers.tests.test_intake import APPLICANT
    from motcua import test as cast
    from units.models import ServiceCenter, StaffRole

    officer = cast.make_staff("motcua.trangchu", StaffRole.Role.COUNTER_OFFICER,
                              cast.commune_agency(cast.HONG_BANG),
                              cast.commune_center(cast.HONG_BANG))
    for _ in range(2):
        do_create(check_create(officer, {"procedure": "1.004884", **APPLICANT}), officer)
    ServiceCenter.objects.filter(code="000.00.31.H26").update(phone="0225 3842 668")
    page = client.get("/").content.decode()
    for tile in ("Nộp hồ sơ trực tuyến", "Tra cứu hồ sơ", "Thanh toán phí, lệ phí",
                 "Phản ánh, kiến nghị"):
        assert tile in page
    assert "Thủ tục được sử dụng nhiều" in page and "/thu-tuc/1.004884/" in page
    assert 'href="tel:02253842668"' in page and "07:30–11:30" in page
