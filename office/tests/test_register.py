"""Sổ theo dõi hồ sơ: the center's register of the dossiers it received, on the page and as an
Excel workbook (dossiers/register.py)."""

import datetime as dt
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from dossiers.actions import check_create, do_action, do_create
from dossiers.models import Dossier
from dossiers.register import COLUMNS
from motcua import test as cast
from motcua.dates import show_day, show_moment

pytestmark = pytest.mark.django_db

PEOPLE = [("Nguyễn Thị Thanh Hương", "031190001111", "0912111222", "15 Trần Phú, phường Ngô Quyền"),
          ("Lê Văn Dũng", "031088002222", "0983222333", "7 Cầu Đất, phường Ngô Quyền"),
          ("Đặng Thị Ngọc Ánh", "031195003333", "0904333444", "21 Lạch Tray, phường Lê Chân")]


def take_in(officer, who, *, receive=True):
    name, number, phone, address = who
    return do_create(check_create(officer, {
        "procedure": "1.001193", "receive": receive, "form_data": cast.BIRTH_DECLARATION,
        "applicant_name": name, "applicant_id_number": number, "applicant_phone": phone,
        "applicant_address": address}), officer)


@pytest.fixture
def dossiers(counter_officer, specialist, commune_leader):
    """Three dossiers at Hồng Bàng's counter: one returned, one in appraisal, one waiting for a
    supplement; and one not received (submitted only), which the register leaves out."""
    made = [take_in(counter_officer, who) for who in PEOPLE]
    take_in(counter_officer, ("Vũ Minh Khoa", "031099004444", "0936444555",
                              "3 Điện Biên Phủ, phường Hồng Bàng"), receive=False)
    done, _busy, waiting = made
    for dossier in made:
        do_action(counter_officer, dossier.code, "transfer", {})
        do_action(commune_leader, dossier.code, "assign", {"assignee": "chuyenvien.hongbang"})
    do_action(specialist, done.code, "propose", {"decision": "approve"})
    do_action(commune_leader, done.code, "approve", {})
    do_action(counter_officer, done.code, "return_result", {"method": "post"})
    do_action(specialist, waiting.code, "request_supplement", {
        "reason": "Bản sao giấy chứng sinh không rõ", "missing": ["Giấy chứng sinh"]})
    return [Dossier.objects.get(pk=d.pk) for d in made]


def test_the_register_lists_every_dossier_received_with_its_moments(client, counter_officer,
                                                                   dossiers):
    client.force_login(counter_officer)
    page = client.get("/can-bo/so-theo-doi/").content.decode()  # this month, my center
    assert "Sổ theo dõi hồ sơ" in page
    assert "3 hồ sơ được tiếp nhận" in page  # the one not received is not in it
    assert "Vũ Minh Khoa" not in page
    for dossier in dossiers:
        assert f'href="/can-bo/ho-so/{dossier.code}/"' in page
    done = dossiers[0]
    events = {e.action: e.at for e in done.events.all()}
    for moment in (done.received_at, done.first_due_at, events["transfer"], events["approve"],
                   done.returned_at):
        assert show_moment(moment) in page
    assert "Trả kết quả qua bưu chính" in page
    assert "Yêu cầu bổ sung giấy tờ" in page  # where the third one stands


def test_the_register_downloads_as_a_workbook_of_the_form(client, counter_officer, dossiers):
    client.force_login(counter_officer)
    today = timezone.localdate()
    response = client.get("/can-bo/so-theo-doi/", {
        "center": cast.commune_center(cast.HONG_BANG), "first": show_day(today),
        "last": show_day(today), "format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "so-theo-doi-ho-so-" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "SỔ THEO DÕI HỒ SƠ"
    assert rows[2][:3] == ("STT", "Mã hồ sơ", "Tên thủ tục hành chính")
    assert len(rows[2]) == len(COLUMNS)
    body = rows[3:]
    assert [r[0] for r in body] == [1, 2, 3]
    assert [r[1] for r in body] == [d.code for d in dossiers]  # in the order received
    first = body[0]
    assert first[4] == "Nguyễn Thị Thanh Hương"
    assert first[5] == "15 Trần Phú, phường Ngô Quyền, 0912111222"
    assert first[6] == dossiers[0].agency.name
    assert first[11] == show_moment(dossiers[0].returned_at)
    assert body[1][11] is None  # not returned yet: the cell is empty


def test_another_period_or_another_center_has_nothing_of_these(
        client, counter_officer, other_commune_leader, dossiers):
    client.force_login(counter_officer)
    last_month = timezone.localdate().replace(day=1) - dt.timedelta(days=1)
    page = client.get("/can-bo/so-theo-doi/", {
        "first": show_day(last_month.replace(day=1)), "last": show_day(last_month)}) \
        .content.decode()
    assert "0 hồ sơ được tiếp nhận" in page and dossiers[0].code not in page
    # Lê Chân's leader keeps Lê Chân's register and cannot ask for Hồng Bàng's.
    client.force_login(other_commune_leader)
    page = client.get("/can-bo/so-theo-doi/").content.decode()
    assert dossiers[0].code not in page
    response = client.get("/can-bo/so-theo-doi/", {
        "center": cast.commune_center(cast.HONG_BANG)})
    assert response.status_code == 200 and dossiers[0].code not in response.content.decode()
    assert "Hãy chọn một lựa chọn hợp lệ" in response.content.decode()


@pytest.mark.parametrize("first, last, message", [
    ("31/12/2026", "01/12/2026", "Ngày cuối kỳ đứng trước ngày đầu kỳ."),
    ("01/01/2025", "31/12/2026", "Sổ theo dõi chỉ lấy tối đa 366 ngày."),
    ("01/01/0001", "02/01/0001", "Hãy nhập ngày trong khoảng từ năm 2000 đến năm 2100."),
    ("31/02/2026", "01/03/2026", "Nhập một ngày hợp lệ."),
])
def test_a_period_that_cannot_be_a_register_is_refused_in_vietnamese(
        client, counter_officer, first, last, message):
    client.force_login(counter_officer)
    for extra in ({}, {"format": "xlsx"}):
        response = client.get("/can-bo/so-theo-doi/", {"first": first, "last": last, **extra})
        assert response.status_code == 200
        assert message in response.content.decode()
        assert response["Content-Type"].startswith("text/html")


def test_a_period_too_busy_for_one_workbook_is_asked_in_parts(client, counter_officer,
                                                              dossiers, monkeypatch):
    from dossiers import register
    monkeypatch.setattr(register, "MOST_LINES", 2)
    client.force_login(counter_officer)
    response = client.get("/can-bo/so-theo-doi/", {"format": "xlsx"})
    assert response["Content-Type"].startswith("text/html")
    assert "Có hơn 2 hồ sơ trong kỳ này" in response.content.decode()


def test_a_unit_without_a_center_is_told_so(client, db):
    from units import identifiers
    from units.models import StaffRole

    leader = cast.make_staff("lanhdao.stp", StaffRole.Role.LEADER,
                             identifiers.department_code(cast.PROVINCE, 3))
    client.force_login(leader)
    page = client.get("/can-bo/so-theo-doi/").content.decode()
    assert "Đơn vị của bạn không có bộ phận một cửa" in page
