"""Search tolerant of missing diacritics, đ/d, i/y; filters; through the API and the page."""

import pytest

pytestmark = pytest.mark.django_db


def names(client, query):
    return [p["name"] for p in client.get(f"/api/v1/procedures?{query}").json()["results"]]


@pytest.mark.parametrize("query, first", [
    ("dang ky khai sinh", "Đăng ký khai sinh"),
    ("giay phep xay dung", "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ"),
    ("đăng ký kết hôn", "Đăng ký kết hôn"),
    ("DANG KY KET HON", "Đăng ký kết hôn"),
    ("dang ki ket hon", "Đăng ký kết hôn"),
    ("Đăng ky thuong tru", "Đăng ký thường trú"),
    ("ly lich tu phap", "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài "
                        "đang cư trú tại Việt Nam"),
    ("lí lịch tư pháp", "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài "
                        "đang cư trú tại Việt Nam"),
    ("so do lan dau", "Đăng ký đất đai, tài sản gắn liền với đất, cấp Giấy chứng nhận lần đầu"),
    ("1.000894", "Đăng ký kết hôn"),
    ("khai tu", "Đăng ký khai tử"),
    ("mo nha thuoc", "Cấp Giấy chứng nhận đủ điều kiện kinh doanh dược cho cơ sở bán lẻ thuốc "
                     "(nhà thuốc)"),
])
def test_the_right_procedure_comes_first(client, query, first):
    assert names(client, f"q={query}")[0] == first


def test_variants_follow_the_main_procedure(client):
    found = names(client, "q=dang ky khai sinh")
    assert found[:2] == ["Đăng ký khai sinh", "Đăng ký khai sinh có yếu tố nước ngoài"]
    assert "Đăng ký lại khai sinh" in found


def test_words_may_come_in_any_order(client):
    assert names(client, "q=ket hon dang ky")[0] == "Đăng ký kết hôn"


def test_when_no_procedure_has_every_word_the_best_partial_matches_are_shown(client):
    found = names(client, "q=dang ky ket hon voi nguoi sao hoa")
    assert found[0] == "Đăng ký kết hôn"


def test_nonsense_finds_nothing(client):
    assert names(client, "q=qwxz") == []


def test_abolished_procedures_come_last_and_can_be_left_out(client):
    found = names(client, "q=giay phep xay dung nha o rieng le")
    assert found[-1] == "Cấp giấy phép xây dựng nhà ở riêng lẻ (cấp huyện)"
    active = names(client, "q=giay phep xay dung nha o rieng le&status=active")
    assert "Cấp giấy phép xây dựng nhà ở riêng lẻ (cấp huyện)" not in active


@pytest.mark.parametrize("query, check", [
    ("field=HT", lambda p: p["field"]["code"] == "HT"),
    ("level=province", lambda p: p["level"] == "province"),
    ("online_level=full", lambda p: p["online_level"] == "full"),
    ("agency=000.00.11.H26", lambda p: p["agency"]["code"] == "000.00.11.H26"),
    ("agency=000.11311.00.H26", lambda p: p["level"] == "commune"),
    ("status=abolished", lambda p: p["status"] == "abolished"),
    ("fully_published=false", lambda p: not p["fully_published"]),
])
def test_filters(client, query, check):
    results = client.get(f"/api/v1/procedures?{query}&page_size=500").json()["results"]
    assert results and all(check(p) for p in results)


def test_filters_combine_with_the_query(client):
    assert names(client, "q=giay phep&level=province&field=XD") == [
        "Cấp giấy phép xây dựng mới đối với công trình không theo tuyến, công trình tôn giáo, "
        "công trình theo tuyến trong đô thị"]


def test_an_unknown_agency_or_field_filters_to_nothing(client):
    assert names(client, "agency=000.99.99.H26") == []
    assert names(client, "field=KHONGCO") == []


@pytest.mark.parametrize("query", ["level=huyen", "online_level=muc-4", "status=cu",
                                   "fully_published=co-le", "q=" + "a" * 201])
def test_invalid_filters_are_a_structured_400(client, query):
    response = client.get(f"/api/v1/procedures?{query}")
    assert response.status_code == 400
    assert response.json()["error"] == "invalid"


def test_the_search_page_finds_without_diacritics(client):
    page = client.get("/thu-tuc/?q=dang+ky+khai+sinh").content.decode()
    assert "Tìm thấy 4 thủ tục" in page
    assert page.index("Đăng ký khai sinh</a>") < page.index("Đăng ký khai sinh có yếu tố nước ngoài")


def test_the_search_page_answers_htmx_with_the_results_only(client):
    response = client.get("/thu-tuc/?q=ket+hon", HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "Đăng ký kết hôn" in body
    assert "<html" not in body


def test_the_search_page_explains_bad_filters_in_vietnamese(client):
    response = client.get("/thu-tuc/?level=huyen")
    assert response.status_code == 400
    assert "Một số điều kiện lọc không hợp lệ" in response.content.decode()


def test_the_search_page_pages_through_results(client):
    first = client.get("/thu-tuc/").content.decode()
    assert "Trang 1 / 4" in first
    third = client.get("/thu-tuc/?page=4").content.decode()
    assert "Trang 4 / 4" in third
