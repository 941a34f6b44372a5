"""The national portal as the front door: a dossier filed there reaches the reception inbox,
and everything the person needs goes back until they are done, through the local simulator
playing the person (no mocks)."""

import base64
import json
import urllib.parse
import urllib.request

import pytest
from django.utils import timezone

from dossiers.actions import do_action
from dossiers.models import Dossier
from integrations.national.registry import portal
from integrations.national.simulator import Simulator
from motcua import signatures
from motcua import test as cast
from motcua.test import run_jobs
from payments.models import Payment
from sync import inbound
from sync.models import InboundCursor, InboundRecord
from sync.tests.test_sync import run_worker

pytestmark = pytest.mark.django_db

TOKEN = "bi-mat-dvcqg"
COPY = "2.000635"  # Cấp bản sao trích lục hộ tịch: commune level, 8.000 đ, electronic result
COPY_FEE = 10  # its catalog fee (Phí cấp bản sao trích lục hộ tịch)
FORM = "Tờ khai cấp bản sao trích lục hộ tịch"


@pytest.fixture
def national(settings):
    simulator = Simulator(token=TOKEN)
    settings.MOTCUA_NATIONAL_PORTAL = [("integrations.national.contrib.dvcqg.DVCQGPortal", {
        "url": simulator.url, "token": TOKEN, "unit_code": "000.00.00.H26", "timeout": 0.5})]
    settings.MOTCUA_SYNC_BACKOFF = 0
    settings.MOTCUA_DVCQG_INBOUND = "pull"
    portal.cache_clear()
    yield simulator
    simulator.stop()
    portal.cache_clear()


def call(simulator, path, body=None):
    """The person on the portal: POST with a body, GET without."""
    data = None if body is None else json.dumps(body).encode()  # escapes: any text travels
    request = urllib.request.Request(simulator.url + path, data=data,
                                     method="GET" if body is None else "POST",
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def inline(name, pdf=None):
    return {"TenTepDinhKem": name,
            "DuLieuTep": base64.b64encode(pdf or cast.sample_pdf(name)).decode()}


def filing(**extra):
    """Trần Thị Mai asks for a copy of her birth extract on the national portal."""
    return {"MaTTHC": COPY, "MaDonVi": str(cast.HONG_BANG), "ChuHoSo": "Trần Thị Mai",
            "SoGiayToChuHoSo": "031190004521", "LoaiDoiTuong": 1, "SoDienThoai": "0912345678",
            "Email": "tranthimai@example.vn", "DiaChi": "Số 12 Điện Biên Phủ, phường Hồng Bàng",
            "TrichYeuHoSo": "Xin cấp 02 bản sao trích lục khai sinh",
            "TaiKhoanDuocXacThucVoiVNeID": 1,
            "DSKetNoiCSDL": [{"MaCSDL": "CSDLQGDC"}],
            "TaiLieuNop": [inline(FORM)], **extra}


def file_on_portal(simulator, **extra):
    status, answer = call(simulator, "/_citizen/dossiers", filing(**extra))
    assert status == 200, answer
    return answer["MaHoSo"]


def view(simulator, reference):
    status, answer = call(simulator, f"/_citizen/dossiers/{reference}")
    assert status == 200, answer
    return answer


def test_a_dossier_filed_on_the_portal_goes_all_the_way_and_back(
        client, national, counter_officer, specialist, commune_leader):
    reference = file_on_portal(national)

    # 1. It reaches the commune's reception queue as an online dossier, once acknowledged.
    counts = inbound.pull()
    assert counts.get("accepted") == 1
    dossier = Dossier.objects.get(national_reference=reference)
    assert (dossier.channel, dossier.status) == (2, "submitted")
    assert dossier.agency.code == cast.commune_agency(cast.HONG_BANG)
    assert dossier.vneid_authenticated and "Cơ sở dữ liệu quốc gia về dân cư" in dossier.consulted
    assert dossier.applicant_name == "Trần Thị Mai"
    assert dossier.events.get(seq=1).actor_name == "Trần Thị Mai"
    document = dossier.documents.get()
    assert document.component_name == FORM and document.content_type == "application/pdf"
    assert national.state.acks[national.state.feed[0]["MaSuKien"]]["MaHoSoDonVi"] == dossier.code
    client.force_login(counter_officer)
    inbox = client.get("/api/v1/dossiers", {"status": "submitted"}).json()
    listed = next(d for d in inbox["results"] if d["code"] == dossier.code)
    assert listed["national_reference"] == reference
    assert reference in client.get(f"/can-bo/ho-so/{dossier.code}/").content.decode()

    # 2. The officer asks for a supplement; the person sees what is missing and why.
    do_action(counter_officer, dossier.code, "request_supplement", {
        "missing": ["Bản sao giấy khai sinh cũ (nếu có)"],
        "reason": "Tờ khai thiếu chữ ký của người yêu cầu"})
    run_worker()
    seen = view(national, reference)
    assert seen["TrangThaiHoSo"] == 5
    assert seen["YeuCauBoSung"] == {"LyDo": "Tờ khai thiếu chữ ký của người yêu cầu",
                                    "DanhSachGiayTo": ["Bản sao giấy khai sinh cũ (nếu có)"]}

    # 3. The person answers on the portal: the dossier is submitted again, complete.
    status, _ = call(national, f"/_citizen/dossiers/{reference}/supplement", {
        "TaiLieuNop": [inline("Bản sao giấy khai sinh cũ (nếu có)")],
        "NoiDung": "Đã ký tờ khai và bổ sung bản sao"})
    assert status == 200
    inbound.pull()
    dossier.refresh_from_db()
    assert dossier.status == "submitted"
    assert dossier.documents.filter(supplement_round=1).count() == 1
    assert dossier.events.order_by("-seq").first().role == "applicant"

    # 4. Received, processed; the fee is asked and paid on the national payment platform.
    do_action(counter_officer, dossier.code, "receive", {})
    do_action(counter_officer, dossier.code, "transfer", {})
    do_action(commune_leader, dossier.code, "assign", {"assignee": "chuyenvien.hongbang"})
    do_action(specialist, dossier.code, "require_payment", {
        "reason": "Nộp phí cấp bản sao trích lục", "fees": [{"fee": COPY_FEE}]})
    run_worker()
    asked = view(national, reference)["YeuCauThanhToan"]
    assert [(r["SoTien"], r["PhiLePhi"][0]["TenPhiLePhi"]) for r in asked] == [
        (8000, "Phí cấp bản sao trích lục hộ tịch")]
    status, paid = call(national, f"/_citizen/dossiers/{reference}/pay", {})
    assert status == 200
    inbound.pull()
    dossier.refresh_from_db()
    assert dossier.status == "processing" and dossier.paid_online
    assert dossier.payment_platform == 1
    payment = Payment.objects.get(dossier=dossier, status="paid")
    assert payment.transaction_id == paid["MaGiaoDich"] and payment.receipt_number

    # 5. Approved, the signed result returned online: the person downloads it there.
    do_action(specialist, dossier.code, "propose", {"decision": "approve"})
    do_action(commune_leader, dossier.code, "approve", {})
    run_jobs("sign_result")  # the electronic result signed, as the worker does
    do_action(counter_officer, dossier.code, "return_result", {"method": "online"})
    run_worker()
    seen = view(national, reference)
    assert seen["CacTrangThai"] == [1, 5, 1, 2, 4, 4, 6, 4, 4, 9, 10]
    assert seen["TrangThaiHoSo"] == 10 and seen["HinhThuc"] == 3 and seen["NgayTra"]
    assert seen["YeuCauBoSung"] is None and seen["YeuCauThanhToan"] == []
    link = seen["KetQua"][0]["DuongDan"]
    response = client.get(urllib.parse.urlsplit(link).path)
    pdf = b"".join(response.streaming_content)
    assert response.status_code == 200 and pdf.startswith(b"%PDF") and b"/ByteRange" in pdf
    assert national.state.violations == []

    # The 766 index counts it: synced (1.4), paid online (3.6), electronic result (4.1).
    from indicators import engine, periods

    month = periods.parse(f"{timezone.localdate():%Y-%m}")
    rows = {r["id"]: r for r in engine.compute(engine.scope_for(dossier.agency),
                                               month)["indicators"]}
    for indicator in ("1.4", "3.6", "4.1"):
        assert rows[indicator]["numerator"] == rows[indicator]["denominator"] == 1, indicator
        lost = engine.drilldown(indicator, engine.scope_for(dossier.agency), month)
        assert dossier.code not in str(lost), indicator


def test_fees_paid_on_the_portal_when_filing_are_recorded_with_their_receipt(national):
    reference = file_on_portal(national, DanhSachLePhi=[{
        "TenPhiLePhi": "Phí cấp bản sao trích lục hộ tịch", "MaPhiLePhi": str(COPY_FEE),
        "Gia": 8000, "LoaiPhiLePhi": 1, "HinhThucThu": 2, "NgayThanhToan": "20261201091500",
        "MaGiaoDich": "PAYGOV0000001234"}], DuocThanhToanTrucTuyen=1)
    inbound.pull()
    dossier = Dossier.objects.get(national_reference=reference)
    line = dossier.fee_lines.get()
    assert line.amount == 8000 and line.paid_online and line.paid_at
    payment = Payment.objects.get(dossier=dossier)
    assert (payment.status, payment.provider, payment.transaction_id) == (
        "paid", "dvcqg", "PAYGOV0000001234")
    assert dossier.paid_online and dossier.payment_platform == 1


def test_a_fee_owed_at_filing_is_asked_on_the_portal_and_reconciled_when_its_report_is_lost(
        national):
    from payments.actions import reconcile

    reference = file_on_portal(national, DanhSachLePhi=[{
        "TenPhiLePhi": "Phí cấp bản sao trích lục hộ tịch", "MaPhiLePhi": str(COPY_FEE),
        "Gia": 8000, "LoaiPhiLePhi": 1}])
    inbound.pull()
    run_worker()
    asked = view(national, reference)["YeuCauThanhToan"]
    assert len(asked) == 1 and asked[0]["SoTien"] == 8000
    status, _ = call(national, f"/_citizen/dossiers/{reference}/pay", {"notify": False})
    assert status == 200
    assert inbound.pull().get("accepted") is None  # no report came
    payment = Payment.objects.get(reference=asked[0]["MaThanhToan"])
    Payment.objects.filter(pk=payment.pk).update(
        created_at=timezone.now() - timezone.timedelta(hours=1))
    assert reconcile().get("paid") == 1
    payment.refresh_from_db()
    assert payment.status == "paid" and payment.receipt_number


def test_a_dossier_sent_twice_arrives_once(national):
    reference = file_on_portal(national)
    first = national.state.feed[0]
    national.state.feed.append({**first, "MaSuKien": "SK-RESENT", "ViTri": "2"})
    inbound.pull()
    assert Dossier.objects.filter(national_reference=reference).count() == 1
    acks = national.state.acks
    assert acks[first["MaSuKien"]]["MaHoSoDonVi"] == acks["SK-RESENT"]["MaHoSoDonVi"] != ""
    # The feed read again from the start (a lost position) changes nothing either.
    InboundCursor.objects.all().delete()
    inbound.pull()
    assert Dossier.objects.filter(national_reference=reference).count() == 1
    assert national.state.violations == []


REFUSALS = [
    ("an unknown procedure", {"MaTTHC": "9.999999"}, "MaTTHC"),
    ("a unit not of this province", {"MaDonVi": "000.00.00.H01"}, "MaDonVi"),
    ("a unit that does not decide it", {"MaDonVi": "000.00.21.H26"}, "MaDonVi"),
    ("a procedure not offered online", {"MaTTHC": "2.001035"}, "MaTTHC"),
    ("a bad identity number", {"SoGiayToChuHoSo": "12345"}, "SoGiayToChuHoSo"),
    ("a bad phone", {"SoDienThoai": "12"}, "SoDienThoai"),
    ("a file that is not a document",
     {"TaiLieuNop": [{"TenTepDinhKem": FORM,
                      "DuLieuTep": base64.b64encode(b"MZ\x90\x00 not a pdf").decode()}]},
     "TaiLieuNop[0]"),
    ("a PDF with a script",
     {"TaiLieuNop": [inline(FORM, b"%PDF-1.4\n1 0 obj<</Type/Catalog/OpenAction"
                                  b"<</S/JavaScript/JS(app.alert(1))>>>>endobj\ntrailer"
                                  b"<</Root 1 0 R>>\n%%EOF")]}, "TaiLieuNop[0]"),
    ("a file link outside the portal",
     {"TaiLieuNop": [{"TenTepDinhKem": FORM,
                      "DuongDanTaiTepTin": "http://169.254.169.254/latest/meta-data"}]},
     "TaiLieuNop[0].DuongDanTaiTepTin"),
    ("a fee of a negative amount",
     {"DanhSachLePhi": [{"TenPhiLePhi": "Phí", "Gia": -5}]}, "DanhSachLePhi[0].Gia"),
    ("an answer the form does not ask", {"DuLieuBieuMau": {"so_ban_sao": 2}},
     "DuLieuBieuMau.so_ban_sao"),
    # PostgreSQL can neither store nor compare these: the feed stopped at such a record.
    ("a name holding a NUL", {"ChuHoSo": "Trần Thị\x00 Mai"}, "ChuHoSo"),
    ("a file name holding half a surrogate pair",
     {"TaiLieuNop": [{**inline(FORM), "TenTepDinhKem": "T\ud800ờ khai"}]},
     "TaiLieuNop[0].TenTepDinhKem"),
]


@pytest.mark.parametrize("case, change, field", REFUSALS, ids=[r[0] for r in REFUSALS])
def test_a_record_that_cannot_be_taken_is_refused_back_with_its_reason(
        national, case, change, field, client, supervisor):
    reference = file_on_portal(national, **change)
    counts = inbound.pull()
    assert counts.get("refused") == 1
    assert not Dossier.objects.filter(national_reference=reference).exists()
    record = InboundRecord.objects.get(reference=reference)
    assert record.status == "refused" and record.field == field and record.reason
    assert record.acknowledged_at is not None
    ack = national.state.acks[national.state.feed[0]["MaSuKien"]]
    assert ack["KetQua"] == 0 and ack["LyDo"] == record.reason
    assert view(national, reference)["TiepNhan"] == {"KetQua": 0, "LyDo": record.reason}
    # Nothing half-created, and a supervisor sees it in the list with the reason.
    from dossiers.models import DossierDocument

    assert not DossierDocument.objects.filter(dossier__national_reference=reference).exists()
    client.force_login(supervisor)
    page = client.get("/can-bo/dong-bo/tu-cong-dvcqg/").content.decode()
    assert reference in page and record.reason.split(":")[0] in page


def test_later_events_are_refused_when_they_do_not_fit_the_dossier(national, counter_officer):
    reference = file_on_portal(national)
    inbound.pull()
    dossier = Dossier.objects.get(national_reference=reference)
    # A supplement nobody asked for, a payment for no request, an unknown dossier.
    call(national, f"/_citizen/dossiers/{reference}/supplement",
         {"TaiLieuNop": [inline("Giấy tờ thêm")]})
    national.state._event("ThanhToan", reference, {
        "MaThanhToan": "MCKHONGCO", "SoTien": 8000, "MaGiaoDich": "PAYGOV1"})
    national.state._event("RutHoSo", "G22.99-000000-999999", {"LyDo": "Không cần nữa"})
    national.state._event("RutHoSo", reference, {"LyDo": ""})
    counts = inbound.pull()
    assert counts.get("refused") == 4
    reasons = list(InboundRecord.objects.filter(status="refused").order_by("event_id")
                   .values_list("field", flat=True))
    assert reasons == ["MaHoSo", "MaThanhToan", "MaHoSo", "LyDo"]
    dossier.refresh_from_db()
    assert dossier.status == "submitted" and dossier.documents.count() == 1
    # A withdrawal with its reason is taken: the dossier ends as withdrawn (7).
    national.state._event("RutHoSo", reference, {"LyDo": "Đã có bản sao, không cần nữa"})
    inbound.pull()
    dossier.refresh_from_db()
    assert dossier.status == "withdrawn"
    assert dossier.events.order_by("-seq").first().note == "Đã có bản sao, không cần nữa"


def test_a_file_the_portal_cannot_give_now_waits_and_holds_the_feed_in_order(national):
    first = file_on_portal(national)
    second = file_on_portal(national)
    # The feed answers but its files fail (503): the first event waits, unacknowledged, and
    # the second is not read past it.
    national.state.control(mode="fail", scope="files")
    counts = inbound.pull()
    assert counts.get("waiting") == 1 and not Dossier.objects.exists()
    assert InboundRecord.objects.get(reference=first).status == "waiting"
    assert not national.state.acks
    national.state.control(mode="ok")
    inbound.pull()
    assert set(Dossier.objects.values_list("national_reference", flat=True)) == {first, second}
    assert InboundRecord.objects.get(reference=first).status == "accepted"
    assert len(national.state.acks) == 2


def test_a_file_that_never_comes_is_refused_after_the_configured_tries(national, settings):
    settings.MOTCUA_DVCQG_INBOUND_ATTEMPTS = 2
    reference = file_on_portal(national)
    national.state.control(mode="fail", scope="files")
    for _ in range(3):
        inbound.pull()
    record = InboundRecord.objects.get(reference=reference)
    assert record.status == "refused" and "2 lần thử" in record.reason
    assert national.state.acks[record.event_id]["KetQua"] == 0


def test_the_portal_may_push_instead_signed(client, national, settings):
    settings.MOTCUA_DVCQG_INBOUND = "push"
    settings.MOTCUA_DVCQG_PUSH_SECRET = "bi-mat-day"
    reference = file_on_portal(national)
    event = national.state.feed[0]
    body = json.dumps(event, ensure_ascii=False).encode()

    unsigned = client.post("/api/v1/dvcqg/events", body, content_type="application/json")
    assert unsigned.status_code == 401 and unsigned.json()["error"] == "unsigned"
    forged = client.post("/api/v1/dvcqg/events", body, content_type="application/json",
                         HTTP_X_MOTCUA_SIGNATURE=signatures.sign("khong-phai", body))
    assert forged.status_code == 401 and forged.json()["error"] == "bad_signature"
    bad = b'{"MaSuKien": '
    malformed = client.post("/api/v1/dvcqg/events", bad, content_type="application/json",
                            HTTP_X_MOTCUA_SIGNATURE=signatures.sign("bi-mat-day", bad))
    assert malformed.status_code == 400 and malformed.json()["error"] == "malformed"

    for _ in range(2):  # pushed twice: one dossier, the same answer
        answer = client.post("/api/v1/dvcqg/events", body, content_type="application/json",
                             HTTP_X_MOTCUA_SIGNATURE=signatures.sign("bi-mat-day", body))
        assert answer.status_code == 200, answer.content
        ack = answer.json()["data"][0]
        assert ack["KetQua"] == 1 and ack["MaHoSoDonVi"]
    dossier = Dossier.objects.get(national_reference=reference)
    assert ack["MaHoSoDonVi"] == dossier.code
    assert InboundRecord.objects.get(reference=reference).via == "push"


def test_a_record_holding_a_nul_does_not_stop_the_feed(national, client, settings):
    """Such a record raised inside the pull on every round, so no later filing ever arrived.
    It is refused back with the field named; the one after it is taken in the same round,
    and a pushed one gets the portal's answer, not the pages' 400."""
    bad = file_on_portal(national, ChuHoSo="Trần Thị Mai\x00")
    good = file_on_portal(national)
    assert inbound.pull() == {"acknowledged_late": 0, "refused": 1, "accepted": 1}
    refused = InboundRecord.objects.get(reference=bad)
    assert refused.field == "ChuHoSo" and "NUL" in refused.reason
    assert refused.payload["DuLieu"]["ChuHoSo"] == "Trần Thị Mai\ufffd"  # kept, readable
    assert view(national, bad)["TiepNhan"]["KetQua"] == 0
    assert Dossier.objects.filter(national_reference=good).exists()
    assert InboundCursor.objects.get().position == national.state.feed[-1]["ViTri"]

    settings.MOTCUA_DVCQG_INBOUND = "push"
    settings.MOTCUA_DVCQG_PUSH_SECRET = "bi-mat-day"
    file_on_portal(national, TrichYeuHoSo="Xin cấp bản sao\ud800")
    body = json.dumps(national.state.feed[-1]).encode()
    answer = client.post("/api/v1/dvcqg/events", body, content_type="application/json",
                         HTTP_X_MOTCUA_SIGNATURE=signatures.sign("bi-mat-day", body))
    assert answer.status_code == 200, answer.content
    ack = answer.json()["data"][0]
    assert ack["KetQua"] == 0 and "TrichYeuHoSo" in ack["LyDo"]


def test_the_simulator_pushes_to_the_webhook_when_told_to(live_server, national, settings):
    settings.MOTCUA_DVCQG_INBOUND = "both"
    settings.MOTCUA_DVCQG_PUSH_SECRET = "bi-mat-day"
    national.state.control(push_url=live_server.url + "/api/v1/dvcqg/events",
                           push_secret="bi-mat-day")
    reference = file_on_portal(national)
    import time

    for _ in range(100):
        if national.state.acks:
            break
        time.sleep(0.05)
    ack = next(iter(national.state.acks.values()))
    assert ack["KetQua"] == 1
    assert Dossier.objects.get(national_reference=reference).code == ack["MaHoSoDonVi"]


def test_procedure_pages_send_people_to_the_national_portal_first(client, settings):
    settings.MOTCUA_DVCQG_FILING_URL = "https://dichvucong.gov.vn/thu-tuc?ma={code}"
    page = client.get(f"/thu-tuc/{COPY}/").content.decode()
    assert f"https://dichvucong.gov.vn/thu-tuc?ma={COPY}" in page
    assert f"/nop-ho-so/{COPY}/" in page  # MotCua's own portal, second
    settings.MOTCUA_DVCQG_FILING_URL = ""
    assert "dichvucong.gov.vn" not in client.get(f"/thu-tuc/{COPY}/").content.decode()


def test_a_fee_paid_at_the_counter_voids_the_request_on_the_portal(national, counter_officer):
    from payments.actions import check_counter_payment, do_counter_payment

    reference = file_on_portal(national, DanhSachLePhi=[{
        "TenPhiLePhi": "Phí cấp bản sao trích lục hộ tịch", "MaPhiLePhi": str(COPY_FEE),
        "Gia": 8000, "LoaiPhiLePhi": 1}])
    inbound.pull()
    dossier = Dossier.objects.get(national_reference=reference)
    do_action(counter_officer, dossier.code, "receive", {})
    do_counter_payment(dossier, check_counter_payment(counter_officer, dossier), counter_officer)
    run_worker()
    assert view(national, reference)["YeuCauThanhToan"] == []
    assert list(Payment.objects.filter(dossier=dossier).order_by("pk")
                .values_list("provider", "status")) == [("dvcqg", "cancelled"),
                                                         ("counter", "paid")]


def test_a_fee_paid_with_a_date_but_no_transaction_and_a_transaction_used_twice(national):
    line = {"TenPhiLePhi": "Phí cấp bản sao trích lục hộ tịch", "MaPhiLePhi": str(COPY_FEE),
            "Gia": 8000, "LoaiPhiLePhi": 1, "NgayThanhToan": "20261201091500"}
    first = file_on_portal(national, DanhSachLePhi=[line])
    second = file_on_portal(national, DanhSachLePhi=[{**line, "MaGiaoDich": "PAYGOV77"}])
    third = file_on_portal(national, DanhSachLePhi=[{**line, "MaGiaoDich": "PAYGOV77"}])
    counts = inbound.pull()
    assert counts.get("accepted") == 2 and counts.get("refused") == 1
    paid = Payment.objects.get(dossier__national_reference=first)
    assert paid.status == "paid" and paid.transaction_id == f"DVCQG-{first}"
    assert Dossier.objects.filter(national_reference=second).exists()
    refused = InboundRecord.objects.get(reference=third)
    assert refused.status == "refused" and refused.field == "DanhSachLePhi"
    assert not Dossier.objects.filter(national_reference=third).exists()
