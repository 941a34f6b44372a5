"""The counter finds any dossier of its units (the search box), and the results waiting to be
handed back (the "Results to return" tab)."""

import re

import pytest

from dossiers.models import Dossier
from motcua import test as cast
from office.tests.test_office_pages import INTAKE

pytestmark = pytest.mark.django_db



def take_in(client, **applicant):
    response = client.post("/can-bo/tiep-nhan/", {**INTAKE, **applicant})
    assert response.status_code == 302, response.content.decode()[:2000]
    return Dossier.objects.get(code=response["Location"].rstrip("/").rsplit("/", 1)[1])


def resolve(client, code, counter_officer, specialist, commune_leader):
    """Through the office pages: transfer, assign, submit for signature, sign."""
    client.force_login(counter_officer)
    client.post(f"/can-bo/ho-so/{code}/", {"action": "transfer"})
    client.force_login(commune_leader)
    client.post(f"/can-bo/ho-so/{code}/", {"action": "assign", "assignee": "chuyenvien.hongbang"})
    client.force_login(specialist)
    client.post(f"/can-bo/ho-so/{code}/", {"action": "propose", "decision": "approve"})
    client.force_login(commune_leader)
    client.post(f"/can-bo/ho-so/{code}/", {"action": "approve"})
    assert Dossier.objects.get(code=code).status == "resolved"


def tab_counts(page):
    return dict(re.findall(r'href="/can-bo/hop-thu/(\w+)/"[^>]*>[^<]*<span class="badge">'
                           r'(\d+\+?)</span>', page))


def test_a_decided_dossier_waits_in_results_to_return_until_it_is_handed_back(
        client, counter_officer, specialist, commune_leader):
    client.force_login(counter_officer)
    waiting = take_in(client)
    other = take_in(client, applicant_name="Trần Thị Hoa", applicant_id_number="031190002222")
    resolve(client, waiting.code, counter_officer, specialist, commune_leader)
    client.force_login(counter_officer)
    page = client.get("/can-bo/").content.decode()
    assert tab_counts(page)["to_return"] == "1"
    assert "Chờ trả kết quả" in page
    tab = client.get("/can-bo/hop-thu/to_return/").content.decode()
    assert f'href="/can-bo/ho-so/{waiting.code}/"' in tab
    assert f'href="/can-bo/ho-so/{other.code}/"' not in tab  # still open: not a result yet
    # Handed back at the counter: it leaves the tab.
    response = client.post(f"/can-bo/ho-so/{waiting.code}/", {"action": "return_result",
                                                              "method": "counter"})
    assert response.status_code == 302
    assert Dossier.objects.get(code=waiting.code).status == "returned"
    page = client.get("/can-bo/hop-thu/to_return/").content.decode()
    assert tab_counts(page)["to_return"] == "0"
    assert f'href="/can-bo/ho-so/{waiting.code}/"' not in page


def test_another_commune_does_not_see_the_results_waiting_here(
        client, counter_officer, specialist, commune_leader, other_commune_leader):
    client.force_login(counter_officer)
    code = take_in(client).code
    resolve(client, code, counter_officer, specialist, commune_leader)
    client.force_login(other_commune_leader)
    page = client.get("/can-bo/hop-thu/to_return/").content.decode()
    assert tab_counts(page)["to_return"] == "0"
    assert f'href="/can-bo/ho-so/{code}/"' not in page


@pytest.mark.parametrize("typed", [
    "0904 123 456", "0904.123.456", "+84 904 123 456", "84904123456",  # the phone, as said
    "031088007777", "031 088 007 777",  # the identity number
    "Văn Long", "phạm văn long",  # part of the name, any case
    "pham van long", "PHAM  VAN", "van long",  # typed without diacritics
])
def test_the_counter_finds_a_dossier_however_the_person_gives_it(client, counter_officer,
                                                                  typed):
    client.force_login(counter_officer)
    found = take_in(client)
    take_in(client, applicant_name="Trần Thị Hoa", applicant_id_number="031190002222",
            applicant_phone="0912888999")
    page = client.get("/can-bo/tim-kiem/", {"q": typed}).content.decode()
    assert f'href="/can-bo/ho-so/{found.code}/"' in page
    assert "Trần Thị Hoa" not in page
    assert "1 hồ sơ khớp với" in page


def test_a_whole_code_or_the_receipts_qr_code_opens_the_dossier(client, counter_officer):
    client.force_login(counter_officer)
    dossier = take_in(client)
    for typed in (dossier.code, dossier.code.lower(),
                  f"https://dichvucong.haiphong.gov.vn/tra-cuu/?code={dossier.code}"):
        response = client.get("/can-bo/tim-kiem/", {"q": typed})
        assert response.status_code == 302 and \
            response["Location"] == f"/can-bo/ho-so/{dossier.code}/"
    # The number at the end of the code lists it (other days' dossiers end the same way).
    page = client.get("/can-bo/tim-kiem/", {"q": dossier.code.rsplit("-", 1)[1]}) \
        .content.decode()
    assert f'href="/can-bo/ho-so/{dossier.code}/"' in page


def test_closed_dossiers_are_found_too_but_not_another_communes(
        client, counter_officer, specialist, commune_leader, other_commune_leader):
    client.force_login(counter_officer)
    code = take_in(client).code
    resolve(client, code, counter_officer, specialist, commune_leader)
    client.force_login(counter_officer)
    client.post(f"/can-bo/ho-so/{code}/", {"action": "return_result", "method": "counter"})
    page = client.get("/can-bo/tim-kiem/", {"q": "0904123456"}).content.decode()
    assert f'href="/can-bo/ho-so/{code}/"' in page and "Đã trả kết quả" in page
    client.force_login(other_commune_leader)
    page = client.get("/can-bo/tim-kiem/", {"q": "0904123456"}).content.decode()
    assert f'href="/can-bo/ho-so/{code}/"' not in page
    assert "Không có hồ sơ nào của đơn vị khớp." in page
    assert client.get("/can-bo/tim-kiem/", {"q": code}).status_code == 200  # no redirect


def test_search_pages_keep_the_query(client, counter_officer, settings):
    from office import views
    client.force_login(counter_officer)
    for i in range(3):
        take_in(client, applicant_name=f"Nguyễn Thị Mai {i}",
                applicant_id_number=f"03119000{i:04d}")
    views.SEARCH_PAGE, saved = 2, views.SEARCH_PAGE
    try:
        page = client.get("/can-bo/tim-kiem/", {"q": "Thị Mai"}).content.decode()
    finally:
        views.SEARCH_PAGE = saved
    assert "3 hồ sơ khớp với" in page
    assert 'href="?q=Th%E1%BB%8B+Mai&amp;page=2"' in page


@pytest.mark.parametrize("typed, message", [
    ("x" * 101, "Nhập tối đa 100 ký tự."),
    ("https://dichvucong.haiphong.gov.vn/tra-cuu/", "Địa chỉ này không chứa mã hồ sơ nào."),
    ("y" * 201, "tối đa 200 kí tự (hiện có 201)"),  # Django's own wording
])
def test_what_cannot_be_searched_is_said_in_vietnamese(client, counter_officer, typed,
                                                       message):
    client.force_login(counter_officer)
    response = client.get("/can-bo/tim-kiem/", {"q": typed})
    assert response.status_code == 200
    assert message in response.content.decode()


def test_an_empty_search_shows_the_box_and_visitors_are_kept_out(client, counter_officer,
                                                                 citizen):
    assert client.get("/can-bo/tim-kiem/?q=0904123456").status_code == 302  # to sign in
    client.force_login(citizen)
    assert client.get("/can-bo/tim-kiem/?q=0904123456").status_code == 403
    client.force_login(counter_officer)
    page = client.get("/can-bo/tim-kiem/").content.decode()
    assert 'role="search"' in page and "khớp với" not in page


def test_diacritics_typed_are_meant(client, counter_officer):
    client.force_login(counter_officer)
    take_in(client)  # Phạm Văn Long
    page = client.get("/can-bo/tim-kiem/", {"q": "Phàm Văn"}).content.decode()
    assert "Không có hồ sơ nào của đơn vị khớp." in page


def test_the_folded_name_follows_every_write(counter_officer):
    from importlib import import_module

    from django.apps import apps

    dossier = Dossier.objects.get(pk=take_in_directly(counter_officer).pk)
    assert dossier.applicant_name_key == "pham van long"
    dossier.applicant_name = "Đỗ Thị Ánh Tuyết"
    dossier.save(update_fields=["applicant_name"])
    assert Dossier.objects.get(pk=dossier.pk).applicant_name_key == "do thi anh tuyet"
    # bulk_create (the history simulator, imports) sets it too.
    copy = Dossier.objects.get(pk=dossier.pk)
    copy.pk, copy.code, copy.applicant_name = None, copy.code + "-B", "Bùi Đức Thắng"
    Dossier.objects.bulk_create([copy])
    assert Dossier.objects.get(code=copy.code).applicant_name_key == "bui duc thang"
    # The migration fills the dossiers written before the column.
    Dossier.objects.update(applicant_name_key="")
    import_module("dossiers.migrations.0017_applicant_name_key").fill(apps, None)
    assert set(Dossier.objects.values_list("applicant_name_key", flat=True)) == {
        "do thi anh tuyet", "bui duc thang"}


def take_in_directly(officer):
    from dossiers.actions import check_create, do_create

    return do_create(check_create(officer, {
        "procedure": "1.001193", "form_data": cast.BIRTH_DECLARATION, "receive": True,
        "applicant_name": "Phạm Văn Long", "applicant_id_number": "031088007777",
        "applicant_phone": "0904123456", "applicant_address": "8 Tô Hiệu, phường Lê Chân"}),
        officer)


def test_the_api_searches_by_the_same_rule(client, counter_officer):
    client.force_login(counter_officer)
    code = take_in(client).code
    for typed in ("pham van long", "+84 904 123 456", "0904.123.456", code):
        body = client.get("/api/v1/dossiers", {"q": typed}).json()
        assert [row["code"] for row in body["results"]] == [code], typed


def test_the_counter_sends_several_received_dossiers_on_at_once(client, counter_officer):
    client.force_login(counter_officer)
    first, second, third = (take_in(client, applicant_name=name, applicant_id_number=number)
                            for name, number in (("Phạm Văn Long", "031088007777"),
                                                 ("Trần Thị Hoa", "031190002222"),
                                                 ("Lê Minh Quân", "031095003333")))
    page = client.get("/can-bo/hop-thu/to_transfer/").content.decode()
    assert tab_counts(page)["to_transfer"] == "3" and "Chờ chuyển xử lý" in page
    assert page.count('type="checkbox" name="code"') == 3
    response = client.post("/can-bo/chuyen-xu-ly/", {"code": [first.code, second.code]},
                           follow=True)
    page = response.content.decode()
    assert "Đã chuyển 2 hồ sơ đến cơ quan có thẩm quyền." in page
    assert [Dossier.objects.get(pk=d.pk).status for d in (first, second, third)] == [
        "processing", "processing", "received"]
    assert tab_counts(page)["to_transfer"] == "1"
    assert [e.action for e in Dossier.objects.get(pk=first.pk).events.order_by("seq")] == [
        "submit", "receive", "transfer"]  # the same action as the dossier page's button


def test_what_cannot_be_sent_on_is_named_and_the_rest_is_sent(
        client, counter_officer, commune_leader):
    client.force_login(counter_officer)
    mine = take_in(client)
    sent = take_in(client, applicant_name="Trần Thị Hoa", applicant_id_number="031190002222")
    client.post(f"/can-bo/ho-so/{sent.code}/", {"action": "transfer"})
    page = client.post("/can-bo/chuyen-xu-ly/", {
        "code": [mine.code, sent.code, "000.00.00.H26-000000-0000"]}, follow=True) \
        .content.decode()
    assert "Đã chuyển 1 hồ sơ đến cơ quan có thẩm quyền." in page
    assert "000.00.00.H26-000000-0000: không có hồ sơ nào bạn được xem mang mã này." in page
    assert f"{sent.code}: " in page  # already sent on: refused with its reason
    assert Dossier.objects.get(pk=mine.pk).status == "processing"
    # A leader sees the tab, without boxes to tick: sending on is the counter's.
    third = take_in(client, applicant_name="Lê Minh Quân", applicant_id_number="031095003333")
    client.force_login(commune_leader)
    page = client.get("/can-bo/hop-thu/to_transfer/").content.decode()
    assert f'href="/can-bo/ho-so/{third.code}/"' in page and 'name="code"' not in page
    page = client.post("/can-bo/chuyen-xu-ly/", {"code": [third.code]}, follow=True) \
        .content.decode()
    assert f"{third.code}: Vai trò của bạn không được thực hiện thao tác này" in page
    assert "Đã chuyển" not in page
    assert Dossier.objects.get(pk=third.pk).status == "received"


def test_sending_on_nothing_or_too_many_is_refused(client, counter_officer):
    client.force_login(counter_officer)
    page = client.post("/can-bo/chuyen-xu-ly/", {}, follow=True).content.decode()
    assert "Hãy đánh dấu các hồ sơ cần chuyển." in page
    page = client.post("/can-bo/chuyen-xu-ly/", {"code": [f"X-{i}" for i in range(101)]},
                       follow=True).content.decode()
    assert "Tối đa 100 hồ sơ mỗi lần." in page
    assert client.get("/can-bo/chuyen-xu-ly/").status_code == 405


def test_the_tab_reads_the_same_queries_for_one_dossier_or_many(client, counter_officer,
                                                                  commune_leader):
    """Whether each row may be sent on is decided without a query per row (a leader's rows:
    none may be, so every row is looked at)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for batch, many in enumerate((1, 3)):
        client.force_login(counter_officer)
        for i in range(many):
            take_in(client, applicant_name=f"Lê Minh Quân {batch}{i}",
                    applicant_id_number=f"03109500{batch}{i:03d}")
        client.force_login(commune_leader)
        client.get("/can-bo/hop-thu/to_transfer/")  # the session's and memos' first reads
        with CaptureQueriesContext(connection) as queries:
            page = client.get("/can-bo/hop-thu/to_transfer/").content.decode()
        assert 'name="code"' not in page
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_a_supervisor_narrows_a_city_wide_search_by_unit_and_status(client, counter_officer,
                                                                    supervisor, settings):
    """A common name found across the city is narrowed to one processing unit, and to open,
    overdue or one status; the pages keep the choice; a unit not theirs is refused in
    Vietnamese."""
    import datetime as dt

    from django.utils import timezone

    from office import views

    client.force_login(counter_officer)
    here = take_in(client, applicant_name="Nguyễn Thị Mai")
    le_chan = cast.make_staff("motcua.lechan", "counter_officer",
                              cast.commune_agency(cast.LE_CHAN), cast.commune_center(cast.LE_CHAN))
    client.force_login(le_chan)
    there = take_in(client, applicant_name="Nguyễn Thị Mai",
                    applicant_id_number="031190009999")
    assert here.agency_id != there.agency_id
    Dossier.objects.filter(pk=there.pk).update(due_at=timezone.now() - dt.timedelta(hours=1))
    client.force_login(supervisor)

    def found(**narrow):
        response = client.get("/can-bo/tim-kiem/", {"q": "nguyen thi mai", **narrow})
        assert response.status_code == 200
        page = response.content.decode()
        return page, {d.code for d in (here, there) if f'href="/can-bo/ho-so/{d.code}/"' in page}

    page, codes = found()
    assert codes == {here.code, there.code} and '<select name="unit"' in page
    assert "Trong đơn vị và trạng thái đã chọn." not in page
    page, codes = found(unit=here.agency.code)
    assert codes == {here.code} and "Trong đơn vị và trạng thái đã chọn." in page
    assert found(state="open")[1] == {here.code, there.code}
    assert found(state="received")[1] == {here.code, there.code}
    assert found(state="overdue")[1] == {there.code}
    assert found(state="returned")[1] == set()
    assert found(unit=here.agency.code, state="overdue")[1] == set()
    page, codes = found(unit="000.99999.00.H31")  # not a unit of theirs, nor any
    assert codes == set() and "Hãy chọn một lựa chọn hợp lệ" in page
    assert found(state="tat-ca")[1] == set()
    # A page of results keeps what was chosen.
    views.SEARCH_PAGE, saved = 1, views.SEARCH_PAGE
    try:
        page, _ = found(state="open")
    finally:
        views.SEARCH_PAGE = saved
    assert 'href="?q=nguyen+thi+mai&amp;state=open&amp;page=2"' in page


def test_units_are_offered_only_to_who_sees_several(client, counter_officer, supervisor):
    from units.access import agencies_for_user

    client.force_login(counter_officer)
    take_in(client, applicant_name="Nguyễn Thị Mai")
    page = client.get("/can-bo/tim-kiem/", {"q": "Mai"}).content.decode()
    assert '<select name="state"' in page
    several = agencies_for_user(counter_officer).count() > 1
    assert ('<select name="unit"' in page) == several
    client.force_login(supervisor)
    page = client.get("/can-bo/tim-kiem/", {"q": "Mai"}).content.decode()
    assert '<select name="unit"' in page and "Ủy ban nhân dân phường Lê Chân" in page
