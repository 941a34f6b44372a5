"""Open data: MotCua's own datasets (small cells suppressed, refreshed after new data), the
departments' uploads checked against their Table Schema (every bad row named, nothing saved),
publication by the leader, shared data kept from the public and recorded, the DCAT-AP
catalogue property by property, the CKAN API and the filtered rows API."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rdflib import RDF, Graph, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF

from indicators.tests.test_766 import dossier
from motcua import test as cast
from opendata import actions
from opendata.models import Access, Dataset, Row
from units import identifiers
from units.models import StaffRole

pytestmark = pytest.mark.django_db

JUSTICE = identifiers.department_code(cast.PROVINCE, 3)
SCHEMA = {"fields": [
    {"name": "ten_to_chuc", "type": "string", "title": "Tên tổ chức",
     "constraints": {"required": True}},
    {"name": "quan_huyen", "type": "string", "title": "Địa bàn"},
    {"name": "so_cong_chung_vien", "type": "integer", "title": "Số công chứng viên",
     "constraints": {"minimum": 1}}], "primaryKey": ["ten_to_chuc"]}
GOOD = ("ten_to_chuc,quan_huyen,so_cong_chung_vien\n"
        "Phòng Công chứng số 1,Hồng Bàng,9\n"
        "Văn phòng công chứng Nguyễn Huệ,Gia Viên,4\n"
        "Văn phòng công chứng Lê Chân,Lê Chân,3\n").encode()


@pytest.fixture
def justice_staff(db):
    return cast.make_staff("chuyenvien.stp", StaffRole.Role.SPECIALIST, JUSTICE)


@pytest.fixture
def justice_leader(db):
    return cast.make_staff("lanhdao.stp", StaffRole.Role.LEADER, JUSTICE)


def form(**extra):
    data = {"name": "cong-chung", "publisher": JUSTICE, "title": "Tổ chức hành nghề công chứng",
            "description": "Các tổ chức hành nghề công chứng trên địa bàn thành phố.",
            "theme": "JUST", "frequency": "QUARTERLY", "access": "open", "licence": "CC-BY-4.0",
            "keywords": "công chứng, tư pháp", "contact_name": "Sở Tư pháp",
            "contact_email": "stp@haiphong.gov.vn", "temporal_start": "01/01/2026",
            "table_schema": json.dumps(SCHEMA)}
    data.update(extra)
    return data


def upload(client, name, content, filename="du-lieu.csv"):
    return client.post(f"/can-bo/du-lieu/{name}/", {
        "step": "upload", "note": "Quý IV", "file": SimpleUploadedFile(filename, content)})


@pytest.fixture
def published(client, justice_staff, justice_leader):
    """The notaries' dataset created, uploaded and approved through the staff pages."""
    client.force_login(justice_staff)
    assert client.post("/can-bo/du-lieu/", form()).status_code == 302
    assert upload(client, "cong-chung", GOOD).status_code == 302
    assert client.post("/can-bo/du-lieu/cong-chung/", {"step": "submit"}).status_code == 302
    client.force_login(justice_leader)
    assert client.post("/can-bo/du-lieu/cong-chung/", {"step": "approve"}).status_code == 302
    client.logout()
    return Dataset.objects.get(name="cong-chung")


def test_an_upload_is_checked_against_the_schema_naming_every_bad_row(client, justice_staff):
    client.force_login(justice_staff)
    client.post("/can-bo/du-lieu/", form())
    bad = ("ten_to_chuc,quan_huyen,so_cong_chung_vien\n"
           "Phòng Công chứng số 1,Hồng Bàng,chín\n"
           ",Gia Viên,4\n"
           "Văn phòng công chứng Lê Chân,Lê Chân,0\n"
           "Phòng Công chứng số 1,Hồng Bàng,2\n").encode()
    response = upload(client, "cong-chung", bad)
    assert response.status_code == 400
    errors = response.context["table_errors"]
    assert [(e["row"], e["field"]) for e in errors] == [
        (2, "so_cong_chung_vien"), (3, "ten_to_chuc"), (3, ""), (4, "so_cong_chung_vien"),
        (5, "")]
    page = response.content.decode()
    assert "Dòng 2, cột “so_cong_chung_vien”: “chín” không đúng kiểu dữ liệu đã khai báo." in page
    assert not Dataset.objects.get(name="cong-chung").versions.exists()
    assert not Row.objects.exists()
    # The header must be the schema's.
    response = upload(client, "cong-chung", b"ten,quan,so\nA,B,1\n")
    assert response.status_code == 400
    assert response.context["table_errors"][0]["row"] == 1
    # A NUL in a CSV (PostgreSQL cannot store it): refused, not a failure.
    response = upload(client, "cong-chung", b"ten_to_chuc,quan_huyen,so_cong_chung_vien\n"
                      b"Ph\x00ng,H\xe1\xbb\x93ng B\xc3\xa0ng,2\n")
    assert response.status_code == 400
    assert "NUL" in response.context["table_errors"][0]["message"]
    # Not a table at all.
    response = upload(client, "cong-chung", b"\x00\x01", "bang.xlsx")
    assert response.status_code == 400
    assert "Excel" in response.context["table_errors"][0]["message"]
    response = upload(client, "cong-chung", b"<html>", "bang.pdf")
    assert response.status_code == 400


def test_json_xlsx_and_geojson_uploads_are_read_by_the_same_schema(client, justice_staff):
    from openpyxl import Workbook

    client.force_login(justice_staff)
    client.post("/can-bo/du-lieu/", form())
    records = [{"ten_to_chuc": "Phòng Công chứng số 2", "quan_huyen": "Gia Viên",
                "so_cong_chung_vien": 7}]
    assert upload(client, "cong-chung", json.dumps(records).encode(), "a.json") \
        .status_code == 302
    book = Workbook()
    book.active.append(["ten_to_chuc", "quan_huyen", "so_cong_chung_vien"])
    book.active.append(["Văn phòng công chứng Kiến An", "Kiến An", 2])
    import io

    buffer = io.BytesIO()
    book.save(buffer)
    assert upload(client, "cong-chung", buffer.getvalue(), "b.xlsx").status_code == 302
    geo = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [106.68, 20.86]},
         "properties": records[0]},
        {"type": "Feature", "geometry": None, "properties": records[0]}]}
    response = upload(client, "cong-chung", json.dumps(geo).encode(), "c.geojson")
    assert response.status_code == 400
    assert response.context["table_errors"][0]["row"] == 2
    versions = Dataset.objects.get(name="cong-chung").versions.order_by("number")
    assert [(v.number, v.format, v.rows_count) for v in versions] == [(1, "JSON", 1),
                                                                      (2, "XLSX", 1)]
    assert versions[1].rows.get().data == {"ten_to_chuc": "Văn phòng công chứng Kiến An",
                                           "quan_huyen": "Kiến An", "so_cong_chung_vien": 2}


def test_a_dataset_is_public_only_once_its_leader_approves(client, justice_staff,
                                                           justice_leader):
    client.force_login(justice_staff)
    client.post("/can-bo/du-lieu/", form())
    upload(client, "cong-chung", GOOD)
    # Not submitted yet: nothing to approve.
    assert client.post("/can-bo/du-lieu/cong-chung/", {"step": "approve"}).status_code == 400
    client.post("/can-bo/du-lieu/cong-chung/", {"step": "submit"})
    # The specialist cannot approve: the step is the leader's.
    assert client.post("/can-bo/du-lieu/cong-chung/", {"step": "approve"}).status_code == 403
    client.logout()
    assert client.get("/du-lieu-mo/cong-chung/").status_code == 404
    assert "cong-chung" not in client.get("/api/3/action/package_list").json()["result"]
    client.force_login(justice_leader)
    response = client.post("/can-bo/du-lieu/cong-chung/", {"step": "send_back"})
    assert response.status_code == 400  # a reason is needed
    client.post("/can-bo/du-lieu/cong-chung/", {"step": "approve"})
    dataset = Dataset.objects.get(name="cong-chung")
    assert dataset.status == "published" and dataset.approved_by == justice_leader
    assert [e.action for e in dataset.events.all()] == ["create", "upload", "submit", "approve"]
    client.logout()
    page = client.get("/du-lieu-mo/cong-chung/").content.decode()
    assert "Văn phòng công chứng Nguyễn Huệ" in page  # the preview
    assert "<svg" in page  # the chart of notaries by district


def test_shared_data_is_refused_to_the_public_and_to_citizens_and_each_read_recorded(
        client, justice_staff, justice_leader, citizen, specialist, published):
    Dataset.objects.filter(pk=published.pk).update(access="shared", licence="")
    version = published.current()
    addresses = ["/du-lieu-mo/cong-chung/",
                 f"/du-lieu-mo/cong-chung/tai-ve/{version.uid}/csv",
                 "/api/v1/opendata/datasets/cong-chung/rows",
                 "/api/3/action/package_show?id=cong-chung"]
    for who in (None, citizen):
        if who:
            client.force_login(who)
        assert [client.get(a).status_code for a in addresses] == [404, 404, 404, 404]
        assert client.get("/api/3/action/package_list").json()["result"] == []
        assert "cong-chung" not in client.get("/du-lieu-mo/").content.decode()
        assert client.get("/du-lieu-mo/catalog.ttl").content.decode().count("cong-chung") == 0
    # A commune's civil servant (a state agency) reads it, and is recorded.
    client.force_login(specialist)
    assert [client.get(a).status_code for a in addresses] == [200, 200, 200, 200]
    assert list(Access.objects.filter(dataset=published).order_by("id")
                .values_list("user__username", "what")) == [
        ("chuyenvien.hongbang", "page"), ("chuyenvien.hongbang", "download"),
        ("chuyenvien.hongbang", "api"), ("chuyenvien.hongbang", "api")]
    # By API token too (as ckanapi sends it); a wrong key is refused.
    from rest_framework.authtoken.models import Token

    client.logout()
    key = Token.objects.create(user=specialist).key
    assert client.get("/api/3/action/package_show?id=cong-chung",
                      HTTP_AUTHORIZATION=key).json()["success"] is True
    assert client.get("/api/3/action/package_show?id=cong-chung",
                      HTTP_AUTHORIZATION="sai").status_code == 403
    # The publisher sees who read it.
    client.force_login(justice_staff)
    page = client.get("/can-bo/du-lieu/cong-chung/").content.decode()
    assert "chuyenvien.hongbang" in page


def test_small_cells_of_the_dossier_statistics_are_suppressed(counter_officer, settings):
    for _ in range(6):
        dossier(counter_officer, received=(10, 5), due=(10, 10), finished=(10, 6))
    for _ in range(2):
        dossier(counter_officer, received=(11, 5), due=(11, 10))
    actions.refresh(["dossiers"])
    dataset = Dataset.objects.get(source="dossiers")
    rows = {r["thang"]: r for r in dataset.current().rows.values_list("data", flat=True)}
    assert rows["2026-10"]["tiep_nhan"] == 6 and rows["2026-10"]["da_giai_quyet"] == 6
    assert rows["2026-10"]["an_so_lieu"] is False
    assert rows["2026-11"]["tiep_nhan"] is None and rows["2026-11"]["dang_giai_quyet"] is None
    assert rows["2026-11"]["an_so_lieu"] is True
    # No person's name, number or phone is in any row.
    text = json.dumps(list(dataset.current().rows.values_list("data", flat=True)),
                      ensure_ascii=False)
    from dossiers.tests.test_intake import APPLICANT

    assert APPLICANT["applicant_name"] not in text
    settings.MOTCUA_OPENDATA_MIN_CELL = 2
    actions.refresh(["dossiers"])
    assert Dataset.objects.get(source="dossiers").current().rows.filter(
        data__thang="2026-11").get().data["tiep_nhan"] == 2


def received_by(officer, month, count, channel):
    """`count` dossiers received on the 5th of `month` by `channel`."""
    from dossiers.models import Dossier

    for _ in range(count):
        made = dossier(officer, received=(month, 5), due=(month, 10))
        Dossier.objects.filter(pk=made.pk).update(channel=channel)


def test_a_single_hidden_row_of_a_unit_and_month_is_hidden_with_its_smallest_neighbour(
        counter_officer, settings):
    """The unit's monthly total is published (the 766 dataset): one hidden row among shown
    ones would be found by subtraction."""
    from dossiers.models import Channel

    def received(month, count, channel):
        received_by(counter_officer, month, count, channel)

    received(10, 7, Channel.COUNTER)  # October: 7 at the counter, 6 online, 2 by post
    received(10, 6, Channel.ONLINE)
    received(10, 2, Channel.POST)
    received(11, 6, Channel.COUNTER)  # November: 6 at the counter, 3 by post
    received(11, 3, Channel.POST)
    received(12, 8, Channel.COUNTER)  # December: nothing small
    received(12, 5, Channel.POST)
    actions.refresh(["dossiers"])
    rows = Dataset.objects.get(source="dossiers").current().rows.values_list("data", flat=True)
    shown = {(r["thang"], r["kenh"]): r["tiep_nhan"] for r in rows}
    assert shown == {
        ("2026-10", "trực tiếp"): 7, ("2026-10", "trực tuyến"): None,
        ("2026-10", "qua bưu chính công ích"): None,
        ("2026-11", "trực tiếp"): None, ("2026-11", "qua bưu chính công ích"): None,
        ("2026-12", "trực tiếp"): 8, ("2026-12", "qua bưu chính công ích"): 5,
    }, shown
    assert all(r["an_so_lieu"] == (r["tiep_nhan"] is None) for r in rows)


def test_the_published_texts_state_the_threshold_in_force(settings):
    """A city that hides cells under 10 says 10 in the dataset's description and in the
    column's title, not the default's 5."""
    settings.MOTCUA_OPENDATA_MIN_CELL = 10
    actions.refresh(["dossiers", "sipas"])
    dossiers = Dataset.objects.get(source="dossiers")
    assert "Ô có dưới 10 hồ sơ" in dossiers.description and "dưới 5" not in dossiers.description
    titles = {f["name"]: f["title"] for f in dossiers.table_schema["fields"]}
    assert titles["an_so_lieu"] == "Ẩn số liệu (dưới 10 hồ sơ)"
    sipas = Dataset.objects.get(source="sipas")
    assert "dưới 10 người" in sipas.description
    settings.MOTCUA_OPENDATA_MIN_CELL = 5
    actions.refresh(["dossiers"])  # the column's title follows a new threshold
    titles = {f["name"]: f["title"] for f in Dataset.objects.get(
        source="dossiers").table_schema["fields"]}
    assert titles["an_so_lieu"] == "Ẩn số liệu (dưới 5 hồ sơ)"


def test_hidden_rows_of_a_unit_and_month_never_hold_a_small_sum_together(counter_officer):
    """Two small rows hidden together (2 online, 1 by post: three people) would be found as
    a sum by subtraction from the unit's published total: the smallest shown row is hidden
    with them until the hidden rows hold at least the threshold."""
    from dossiers.models import Channel

    def received(month, count, channel):
        received_by(counter_officer, month, count, channel)

    received(11, 6, Channel.COUNTER)  # November: 6 at the counter, 2 online, 1 by post
    received(11, 2, Channel.ONLINE)
    received(11, 1, Channel.POST)
    received(12, 9, Channel.COUNTER)  # December: 9 at the counter, 3 online, 4 by post
    received(12, 3, Channel.ONLINE)
    received(12, 4, Channel.POST)
    actions.refresh(["dossiers"])
    rows = Dataset.objects.get(source="dossiers").current().rows.values_list("data", flat=True)
    shown = {(r["thang"], r["kenh"]): r["tiep_nhan"] for r in rows}
    assert shown == {
        # 2 + 1 < 5: the counter's 6 is hidden too, and the total says nothing more.
        ("2026-11", "trực tiếp"): None, ("2026-11", "trực tuyến"): None,
        ("2026-11", "qua bưu chính công ích"): None,
        # 3 + 4 = 7: two hidden rows holding seven people are enough.
        ("2026-12", "trực tiếp"): 9, ("2026-12", "trực tuyến"): None,
        ("2026-12", "qua bưu chính công ích"): None,
    }, shown
    assert all(r["an_so_lieu"] == (r["tiep_nhan"] is None) for r in rows)


def test_motcuas_own_datasets_refresh_after_new_data_and_only_then(counter_officer):
    first = actions.refresh()
    assert set(first) == {"catalog", "dossiers", "index_766", "sipas", "petitions", "tasks"}
    assert actions.refresh() == {key: None for key in first}  # nothing moved, no new version
    for _ in range(5):
        dossier(counter_officer, received=(10, 5), due=(10, 10))
    again = actions.refresh()
    assert again["dossiers"] == first["dossiers"] + 1
    assert again["catalog"] is None
    dataset = Dataset.objects.get(source="dossiers")
    assert dataset.current().rows.get(data__thang="2026-10").data["tiep_nhan"] == 5
    assert dataset.temporal_start.isoformat() == "2026-10-01"
    # A fee changed in the catalog shows in the next version of the catalog dataset.
    from catalog.models import Procedure

    procedure = Procedure.objects.get(code=cast.KNOWN_PROCEDURE)
    Procedure.objects.filter(pk=procedure.pk).update(name="Đăng ký khai sinh (sửa đổi)")
    assert actions.refresh(["catalog"])["catalog"] is not None
    row = Dataset.objects.get(source="catalog").current().rows.get(
        data__ma_thu_tuc=cast.KNOWN_PROCEDURE)
    assert row.data["ten_thu_tuc"] == "Đăng ký khai sinh (sửa đổi)"


def test_the_dcat_ap_catalogue_carries_every_mandatory_property(client, published):
    for url, fmt in (("/du-lieu-mo/catalog.ttl", "turtle"),
                     ("/du-lieu-mo/catalog.jsonld", "json-ld")):
        response = client.get(url)
        assert response.status_code == 200
        graph = Graph().parse(data=response.content.decode(), format=fmt)
        catalog = graph.value(predicate=RDF.type, object=DCAT.Catalog, any=False)
        # dcat:Catalog: title, description, publisher (an agent with a name), datasets.
        for prop in (DCTERMS.title, DCTERMS.description, DCTERMS.publisher, DCAT.dataset):
            assert graph.value(catalog, prop) is not None, prop
        assert graph.value(graph.value(catalog, DCTERMS.publisher), FOAF.name) is not None
        datasets = set(graph.objects(catalog, DCAT.dataset))
        assert datasets == set(graph.subjects(RDF.type, DCAT.Dataset))
        node = URIRef("http://testserver/du-lieu-mo/cong-chung/".replace(
            "http://testserver", __import__("django.conf").conf.settings.MOTCUA_PUBLIC_URL))
        assert node in datasets
        for dataset in datasets:  # dcat:Dataset: title, description
            assert graph.value(dataset, DCTERMS.title) is not None
            assert graph.value(dataset, DCTERMS.description) is not None
            for dist in graph.objects(dataset, DCAT.distribution):
                assert (dist, RDF.type, DCAT.Distribution) in graph
                assert graph.value(dist, DCAT.accessURL) is not None  # mandatory
        # The properties the issue names, on the uploaded dataset.
        assert str(graph.value(node, DCTERMS.title)) == "Tổ chức hành nghề công chứng"
        publisher = graph.value(node, DCTERMS.publisher)
        assert str(graph.value(publisher, FOAF.name)) == "Sở Tư pháp thành phố Hải Phòng"
        assert str(graph.value(node, DCAT.theme)).endswith("/data-theme/JUST")
        assert {str(k) for k in graph.objects(node, DCAT.keyword)} == {"công chứng",
                                                                       "tư pháp"}
        assert str(graph.value(node, DCTERMS.accrualPeriodicity)).endswith("/QUARTERLY")
        period = graph.value(node, DCTERMS.temporal)
        assert str(graph.value(period, DCAT.startDate)) == "2026-01-01"
        assert graph.value(node, DCTERMS.spatial) is not None
        contact = graph.value(node, DCAT.contactPoint)
        assert str(graph.value(contact, URIRef("http://www.w3.org/2006/vcard/ns#hasEmail"))) \
            == "mailto:stp@haiphong.gov.vn"
        dists = list(graph.objects(node, DCAT.distribution))
        assert len(dists) == 2
        assert all(str(graph.value(d, DCTERMS.license)) ==
                   "https://creativecommons.org/licenses/by/4.0/" for d in dists)
        assert {str(graph.value(d, DCTERMS.format)).rsplit("/", 1)[1] for d in dists} == \
            {"CSV", "JSON"}


def test_the_rows_api_filters_sorts_and_pages(client, published):
    base = "/api/v1/opendata/datasets/cong-chung/rows"
    page = client.get(base, {"quan_huyen": "Lê Chân"}).json()
    assert page["total"] == 1 and page["records"][0]["so_cong_chung_vien"] == 3
    page = client.get(base, {"so_cong_chung_vien": "4"}).json()
    assert [r["quan_huyen"] for r in page["records"]] == ["Gia Viên"]
    page = client.get(base, {"sort": "so_cong_chung_vien desc", "limit": 2, "offset": 1}).json()
    assert [r["so_cong_chung_vien"] for r in page["records"]] == [4, 3]
    assert page["total"] == 3 and page["version"] == 1
    for bad in ({"khong_co": "x"}, {"so_cong_chung_vien": "chín"}, {"limit": "-1"},
                {"limit": "5000"}, {"sort": "x"}, {"version": "a"}):
        response = client.get(base, bad)
        assert response.status_code == 400, bad
        assert response.json()["error"] == "invalid"
        assert set(response.json()["fields"]) <= {"khong_co", "so_cong_chung_vien", "limit",
                                                  "sort", "version"}
    assert client.get("/api/v1/opendata/datasets/khong-co/rows").status_code == 404
    listing = client.get("/api/v1/opendata/datasets", {"q": "cong chung"}).json()
    assert [d["name"] for d in listing["results"]] == ["cong-chung"]
    csv_text = b"".join(client.get(
        f"/du-lieu-mo/cong-chung/tai-ve/{published.current().uid}/csv").streaming_content)
    assert csv_text.decode("utf-8-sig").splitlines()[1] == "Phòng Công chứng số 1,Hồng Bàng,9"


def test_ckan_actions_answer_as_ckan_does(client, published):
    result = client.get("/api/3/action/package_search", {
        "q": "cong chung", "facet.field": '["organization", "res_format"]',
        "fq": "res_format:CSV"}).json()["result"]
    assert result["count"] == 1
    assert result["facets"]["res_format"] == {"CSV": 1, "JSON": 1}
    assert result["search_facets"]["organization"]["items"][0]["display_name"] == \
        "Sở Tư pháp thành phố Hải Phòng"
    missing = client.get("/api/3/action/package_show", {"id": "khong-co"})
    assert missing.status_code == 404
    assert missing.json()["error"]["__type"] == "Not Found Error"
    assert client.get("/api/3/action/package_search", {"rows": "x"}).status_code == 409
    assert client.get("/api/3/action/package_search", {"fq": "bogus:1"}).status_code == 409
    assert client.get("/api/3/action/khong_co").json()["success"] is False
    resource = client.get("/api/3/action/package_show", {"id": "cong-chung"}).json()[
        "result"]["resources"][0]
    found = client.post("/api/3/action/datastore_search", json.dumps(
        {"resource_id": resource["id"], "filters": {"quan_huyen": "Gia Viên"}}),
        content_type="application/json").json()["result"]
    assert found["total"] == 1 and found["records"][0]["ten_to_chuc"] == \
        "Văn phòng công chứng Nguyễn Huệ"
    # JSON inside a parameter, which the edge cannot see into: a NUL there is refused too.
    for body in ({"resource_id": resource["id"], "filters": '{"quan_huyen": "G\\u0000"}'},
                 {"q": "x", "facet.field": '["organization\\u0000"]'}):
        action = "datastore_search" if "filters" in body else "package_search"
        response = client.get(f"/api/3/action/{action}", body)
        assert response.status_code in (400, 409) and response.json()["success"] is False
    # ... and a NUL itself, in CKAN's own answer (its clients read that shape).
    response = client.get("/api/3/action/package_search", {"q": "c\x00ng"})
    assert response.status_code == 409 and response.json()["success"] is False
    assert response.json()["error"]["message"].startswith("q: ")


def test_the_publication_dashboard_counts_what_each_agency_published_of_what_it_holds(
        client, supervisor, justice_staff, published):
    client.force_login(justice_staff)
    client.post("/can-bo/du-lieu/", form(name="ho-tich", title="Đăng ký hộ tịch"))
    client.post("/can-bo/du-lieu/", form(name="luat-su", title="Tổ chức hành nghề luật sư",
                                         access="shared", licence=""))
    row = next(r for r in actions.publication_by_agency() if r["agency"].code == JUSTICE)
    assert (row["held"], row["open"], row["published"], row["shared"]) == (3, 2, 1, 1)
    assert client.get("/can-bo/du-lieu/tong-hop/").status_code == 403
    client.force_login(supervisor)
    page = client.get("/can-bo/du-lieu/tong-hop/").content.decode()
    assert "Sở Tư pháp thành phố Hải Phòng" in page and "50 %" in page
    assert "1 trên 2" in client.get("/du-lieu-mo/don-vi/").content.decode()
    # The reform index's measure reads the same figure.
    from reform import measures

    found = measures.of(measures.OPEN_DATA, row["agency"], 2026)
    assert (found["numerator"], found["denominator"]) == (1, 2)


def test_bad_metadata_is_refused_with_each_field_named(client, justice_staff):
    client.force_login(justice_staff)
    response = client.post("/can-bo/du-lieu/", form(
        name="Ten Sai", title="", theme="X", frequency="", access="open", licence="",
        contact_email="khong-phai-email", temporal_start="32/13/2026",
        table_schema='{"fields": [{"name": "a", "type": "kieu-la"}]}'))
    assert response.status_code == 400
    assert set(response.context["errors"]) == {
        "name", "title", "theme", "frequency", "licence", "contact_email", "temporal_start",
        "table_schema"}
    assert not Dataset.objects.exists()
    # Someone from another agency cannot publish in the Justice department's name.
    other = cast.make_staff("chuyenvien.syt", StaffRole.Role.SPECIALIST,
                            identifiers.department_code(cast.PROVINCE, 11))
    client.force_login(other)
    response = client.post("/can-bo/du-lieu/", form())
    assert response.status_code == 400 and "publisher" in response.context["errors"]
