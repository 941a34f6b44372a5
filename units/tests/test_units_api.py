import pytest

pytestmark = pytest.mark.django_db


def test_it_lists_the_communes_of_a_province_with_a_count(client):
    body = client.get("/api/v1/units?province=31&level=commune").json()
    assert body["count"] == 114
    assert len(body["results"]) == 50
    first = body["results"][0]
    assert set(first) == {"code", "name", "codename", "level", "division_type", "province"}
    assert first["level"] == "commune" and first["province"] == 31


def test_it_pages_through_the_list(client):
    page_3 = client.get("/api/v1/units?province=31&level=commune&page=3").json()
    assert len(page_3["results"]) == 14
    assert page_3["next"] is None


def test_the_province_itself_is_listed_at_province_level(client):
    body = client.get("/api/v1/units?province=31&level=province").json()
    assert [u["name"] for u in body["results"]] == ["Thành phố Hải Phòng"]


def test_names_match_without_diacritics(client):
    body = client.get("/api/v1/units?province=31&q=hong bang").json()
    assert [u["name"] for u in body["results"]] == ["Phường Hồng Bàng"]


@pytest.mark.parametrize("query, field", [
    ("province=ba-muoi-mot", "province"),
    ("province=31&level=huyen", "level"),
    ("province=0", "province"),
    ("page_size=abc&province=31&page=-1", None),
])
def test_bad_parameters_get_a_structured_400(client, query, field):
    response = client.get(f"/api/v1/units?{query}")
    if field is None:
        assert response.status_code == 404
        assert response.json()["error"] == "not_found"
        return
    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "invalid"
    assert field in body["fields"]


def test_it_lists_agencies_by_kind(client):
    body = client.get("/api/v1/agencies?province=31&kind=department").json()
    assert body["count"] == 12
    assert {"code": "000.00.03.H26", "name": "Sở Tư pháp thành phố Hải Phòng"}.items() <= next(
        a for a in body["results"] if a["code"] == "000.00.03.H26").items()


def test_it_lists_the_agencies_of_one_commune(client):
    body = client.get("/api/v1/agencies?unit=11311").json()
    assert [a["name"] for a in body["results"]] == ["Ủy ban nhân dân phường Hồng Bàng"]


def test_it_lists_service_centers(client):
    body = client.get("/api/v1/service-centers?province=31").json()
    assert body["count"] == 115
    city = client.get("/api/v1/service-centers?unit=31").json()["results"]
    assert city[0]["name"] == "Trung tâm Phục vụ hành chính công thành phố Hải Phòng"


def test_an_unknown_api_address_is_a_json_404(client):
    response = client.get("/api/v1/khong-co")
    assert response.status_code == 404
    assert response.json()["error"] == "not_found"
