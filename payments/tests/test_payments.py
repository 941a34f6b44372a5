"""Paying fees: fee lines, online payment through a provider, its notification (signed, once,
exact amount), reconciliation when it never came, the receipt, and the counter."""

import json
import time

import pytest
from vietnam_qr_pay import QRPay

from dossiers.models import Dossier
from dossiers.tests.test_intake import SELF_APPLICANT
from motcua import test as cast
from payments.actions import reconcile
from payments.base import sign
from payments.contrib.vietqr import VietQR
from payments.models import Callback, Payment
from payments.registry import providers

pytestmark = pytest.mark.django_db

RELATE = "1.004884"  # Đăng ký lại khai sinh: lệ phí 8.000 đồng
SECRET = "demo-payments-secret"


def act(client, user, code, action, **data):
    client.force_login(user)
    return client.post(f"/api/v1/dossiers/{code}/actions/{action}", data,
                       content_type="application/json")


@pytest.fixture
def owing(client, person, counter_officer, specialist):
    """An online dossier of Phạm Thị Hồng in processing, asked to pay its 8.000 đ charge."""
    client.force_login(person)
    code = client.post("/api/v1/dossiers", {"procedure": RELATE, "unit": cast.HONG_BANG,
                                            **SELF_APPLICANT}, content_type="application/json"
                       ).json()["code"]
    assert act(client, counter_officer, code, "receive").status_code == 200
    assert act(client, counter_officer, code, "transfer").status_code == 200
    fee = Dossier.objects.get(code=code).procedure.fees.get()
    body = act(client, specialist, code, "require_payment", reason="Nộp lệ phí",
               fees=[{"fee": fee.pk}]).json()
    assert body["status_code"] == 6
    client.force_login(person)
    return code


def start(client, code, provider="demo"):
    response = client.post(f"/api/v1/dossiers/{code}/payments", {"provider": provider},
                           content_type="application/json")
    assert response.status_code == 201, response.content
    return response.json()


def notify(client, payment, *, amount=None, event="evt-1", txn="DEMO0001", secret=SECRET,
           timestamp=None):
    body = json.dumps({"id": event, "reference": payment["reference"],
                       "amount": payment["amount"] if amount is None else amount,
                       "transaction_id": txn}).encode()
    return client.post("/api/v1/payments/demo/callback", body, content_type="application/json",
                       HTTP_X_MOTCUA_SIGNATURE=sign(secret, body, timestamp))


def test_fee_lines_come_from_the_catalog_and_a_payment_resumes_the_dossier(client, owing):
    overview = client.get(f"/api/v1/dossiers/{owing}/payments").json()
    [line] = overview["fee_lines"]
    assert line["amount"] == 8000 and line["stage"] == "processing" and line["paid_at"] is None
    payment = start(client, owing)
    assert payment["amount"] == 8000 and payment["status"] == "pending"
    assert payment["reference"].startswith("MC") and len(payment["reference"]) == 10
    # Starting again for the same lines gives the same payment, not a second one to pay.
    assert start(client, owing)["reference"] == payment["reference"]

    response = notify(client, payment)
    assert response.status_code == 200 and response.json() == {"status": "paid"}
    dossier = Dossier.objects.get(code=owing)
    assert dossier.status == "processing"  # the obligation is met: processing goes on
    assert dossier.paid_online and dossier.payment_platform == 1
    event = dossier.events.order_by("-seq").first()
    assert event.action == "confirm_payment" and event.role == "system"
    paid = Payment.objects.get(reference=payment["reference"])
    assert paid.receipt_number.startswith("BL-") and paid.transaction_id == "DEMO0001"
    assert dossier.fee_lines.get().paid_at is not None
    api = client.get(f"/api/v1/dossiers/{owing}").json()
    assert api["paid_online"] is True and api["payment_platform"] == 1


def test_the_same_payment_is_never_counted_twice(client, owing):
    payment = start(client, owing)
    assert notify(client, payment).json() == {"status": "paid"}
    # The very same notification again, and another one for the same payment.
    assert notify(client, payment).json() == {"status": "duplicate"}
    # The same transaction told again under another event: nothing more.
    assert notify(client, payment, event="evt-1b", txn="DEMO0001").json() == {
        "status": "already_paid"}
    assert Payment.objects.filter(status="paid").count() == 1
    assert Dossier.objects.get(code=owing).events.filter(action="confirm_payment").count() == 1
    assert Callback.objects.count() == 2


def test_a_second_real_payment_opens_a_refund_the_office_records(client, owing,
                                                                 counter_officer):
    """Paid twice (another transfer for a fee already paid): counted once, and the money
    that is not owed is a refund an officer sees, gives back and records."""
    from django.core.management import call_command

    from payments.models import Refund

    payment = start(client, owing)
    assert notify(client, payment).json() == {"status": "paid"}
    assert notify(client, payment, event="evt-2", txn="DEMO0002").json() == {
        "status": "overpaid"}
    assert notify(client, payment, event="evt-3", txn="DEMO0002").json() == {
        "status": "duplicate"}  # the same second transfer told again: one refund
    refund = Refund.objects.get()
    assert (refund.amount, refund.reason, refund.transaction_id) == (8000, "overpaid",
                                                                     "DEMO0002")
    assert Payment.objects.filter(status="paid").count() == 1
    out = __import__("io").StringIO()
    call_command("reconcile_payments", stdout=out)
    assert "1 khoản tiền nhận thừa chờ hoàn trả" in out.getvalue()
    client.force_login(counter_officer)
    page = client.get("/can-bo/hoan-tien/").content.decode()
    assert owing in page and "DEMO0002" in page
    response = client.post("/can-bo/hoan-tien/", {"refund": refund.pk, "note": ""})
    refund.refresh_from_db()
    assert response.status_code == 302 and refund.refunded_at is None  # how, is required
    client.post("/can-bo/hoan-tien/", {"refund": refund.pk,
                                       "note": "Chuyển khoản trả lại, mã GD HT0001"})
    refund.refresh_from_db()
    assert refund.refunded_at is not None and refund.refunded_by == counter_officer
    assert "Không có khoản nào phải hoàn trả." in client.get("/can-bo/hoan-tien/").content.decode()


@pytest.mark.parametrize("kwargs, error", [
    ({"secret": "khong-phai-bi-mat"}, "bad_signature"),
    ({"timestamp": time.time() - 3600}, "replay"),
])
def test_forged_or_replayed_notifications_are_refused(client, owing, kwargs, error):
    payment = start(client, owing)
    response = notify(client, payment, **kwargs)
    assert response.status_code == 401 and response.json()["error"] == error
    response = client.post("/api/v1/payments/demo/callback", b"{}", content_type="application/json")
    assert response.status_code == 401 and response.json()["error"] == "unsigned"
    assert Payment.objects.get().status == "pending" and not Callback.objects.exists()
    assert Dossier.objects.get(code=owing).status == "payment"


def test_a_wrong_amount_is_not_a_payment(client, owing):
    payment = start(client, owing)
    response = notify(client, payment, amount=7000)
    assert response.status_code == 422 and response.json()["error"] == "wrong_amount"
    assert Payment.objects.get().status == "pending"
    assert Dossier.objects.get(code=owing).status == "payment"
    assert Callback.objects.get().outcome == "wrong_amount"
    assert notify(client, {**payment, "reference": "MCXXXXXXXX"}, event="evt-9").status_code == 404


def test_reconciliation_finds_a_payment_whose_notification_never_came(client, owing, settings):
    payment = start(client, owing)
    provider = providers()["demo"]
    provider.settle(Payment.objects.get())  # paid at the provider; no notification arrives
    assert Payment.objects.get().status == "pending"
    settings.MOTCUA_PAYMENT_RECONCILE_AFTER = 0
    assert reconcile() == {"paid": 1}
    assert Payment.objects.get(reference=payment["reference"]).status == "paid"
    assert Dossier.objects.get(code=owing).status == "processing"
    assert reconcile() == {}  # nothing pending any more


def test_the_receipt_is_a_pdf_for_the_payer_and_the_unit(client, owing, counter_officer,
                                                          other_commune_leader):
    payment = start(client, owing)
    url = f"/api/v1/dossiers/{owing}/payments/{payment['reference']}/receipt.pdf"
    assert client.get(url).status_code == 409  # not paid yet
    notify(client, payment)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    client.force_login(counter_officer)
    assert client.get(url).status_code == 200
    client.force_login(other_commune_leader)
    assert client.get(url).status_code == 404


def test_only_the_applicant_starts_an_online_payment(client, owing, counter_officer):
    client.force_login(counter_officer)
    response = client.post(f"/api/v1/dossiers/{owing}/payments", {"provider": "demo"},
                           content_type="application/json")
    assert response.status_code == 403
    client.logout()
    response = client.post("/dang-nhap/demo/xac-thuc/", {"id_number": "031190004567"})
    response = client.post(f"/api/v1/dossiers/{owing}/payments", {"provider": "tien-mat"},
                           content_type="application/json")
    assert response.status_code == 400 and "provider" in response.json()["fields"]


def test_the_vietqr_payload_decodes_back_to_the_account_amount_and_message(owing):
    provider = VietQR(bank_bin="970415", account_number="113000012345",
                      account_name="VP UBND PHUONG HONG BANG")
    payment = Payment.objects.create(dossier=Dossier.objects.get(code=owing),
                                     reference="MCAB23CD45", provider="vietqr", amount=8000)
    qr = QRPay(provider.payload(payment))
    assert qr.is_valid
    assert qr.consumer.bank_bin == "970415" and qr.consumer.bank_number == "113000012345"
    assert qr.amount == "8000" and qr.currency == "704"
    message = qr.additional_data.purpose
    assert message == provider.message(payment) and message.startswith("MCAB23CD45 ")
    assert len(message) <= 25 and message.isascii() and message == message.upper()
    assert qr.additional_data.bill_number == "MCAB23CD45"
    assert qr.additional_data.reference == owing.replace(".", "").replace("-", "")[:25]


def test_a_message_in_vietnamese_loses_its_marks_not_its_reference():
    provider = VietQR(bank_bin="970415", account_number="1", message_max=25)

    class Fake:
        reference = "MCZZZZ9999"

        class dossier:
            code = "Hồ sơ đặc biệt-ĐƯỜNG"

    assert provider.message(Fake) == "MCZZZZ9999 HOSODACBIETDUO"  # cut at 25


def test_the_counter_collects_what_is_due_at_reception_and_result(client, person,
                                                                   counter_officer, specialist,
                                                                   commune_leader):
    client.force_login(counter_officer)
    code = client.post("/api/v1/dossiers", {"procedure": RELATE, **SELF_APPLICANT},
                       content_type="application/json").json()["code"]
    fee = Dossier.objects.get(code=code).procedure.fees.get()
    assert act(client, counter_officer, code, "receive", fees=[{"fee": fee.pk}]).status_code == 200
    for user, action, data in [(counter_officer, "transfer", {}),
                               (commune_leader, "assign", {"assignee": "chuyenvien.hongbang"}),
                               (specialist, "hand_over", {}),
                               (specialist, "propose", {"decision": "approve"}),
                               (commune_leader, "approve", {})]:
        assert act(client, user, code, action, **data).status_code == 200, action
    response = act(client, counter_officer, code, "return_result", method="counter")
    assert response.status_code == 400 and "Lệ phí đăng ký lại khai sinh" in str(response.json())
    page = client.get(f"/can-bo/ho-so/{code}/").content.decode()
    assert "ghi nhận nộp tiền" in page
    client.post(f"/can-bo/ho-so/{code}/", {"action": "collect_payment"})
    payment = Payment.objects.get()
    assert payment.provider == "counter" and payment.platform is None and payment.receipt_number
    assert not Dossier.objects.get(code=code).paid_online
    assert act(client, counter_officer, code, "return_result", method="counter").status_code == 200


def test_bad_fee_lines_are_named(client, owing, specialist, commune_leader):
    dossier = Dossier.objects.get(code=owing)
    assert act(client, specialist, owing, "require_payment").status_code == 409  # in status 6
    Dossier.objects.filter(pk=dossier.pk).update(status="processing")
    response = act(client, specialist, owing, "require_payment", reason="Nộp thêm",
                   fees=[{"fee": 999999}, {"description": "Phí thẩm định", "amount": -5},
                         {"description": "Phí thẩm định", "amount": 5, "exempt": "Hộ nghèo"}])
    fields = response.json()["fields"]
    assert response.status_code == 400 and {"fees[0]", "fees[1]"} <= set(fields)
    response = act(client, specialist, owing, "require_payment", reason="Nộp thêm",
                   fees=[{"description": "Phí thẩm định", "amount": 5, "exempt": "Hộ nghèo"}])
    assert response.status_code == 400 and "miễn" in str(response.json())


def test_the_person_pays_from_my_dossier_page(client, owing):
    page = client.get(f"/ho-so-cua-toi/{owing}/").content.decode()
    assert "Lệ phí đăng ký lại khai sinh" in page and "chưa nộp" in page
    assert "Cổng thanh toán thử nghiệm" in page
    response = client.post(f"/ho-so-cua-toi/{owing}/", {"do": "pay", "provider": "demo"})
    reference = Payment.objects.get().reference
    assert response["Location"] == f"/thanh-toan/{reference}/"
    assert "Thanh toán (thử nghiệm)" in client.get(response["Location"]).content.decode()
    page = client.post(response["Location"], follow=True).content.decode()
    receipt = Payment.objects.get().receipt_number
    assert f"Biên lai của bạn số {receipt}" in page
    assert Dossier.objects.get(code=owing).status == "processing"
    # Another person cannot see this payment page.
    client.logout()
    client.post("/dang-nhap/demo/xac-thuc/", {"id_number": "031085004321"})
    assert client.get(f"/thanh-toan/{reference}/").status_code == 404


def test_a_vietqr_payment_page_shows_the_code_to_scan(client, owing, settings):
    settings.MOTCUA_PAYMENT_PROVIDERS = [("payments.contrib.vietqr.VietQR", {
        "bank_bin": "970415", "account_number": "113000012345",
        "account_name": "UBND PHUONG HONG BANG", "secret": "bi-mat-ngan-hang"})]
    providers.cache_clear()
    try:
        payment = start(client, owing, provider="vietqr")
        assert payment["instructions"]["message"].startswith(payment["reference"])
        page = client.get(f"/thanh-toan/{payment['reference']}/").content.decode()
        assert "<svg" in page and "113000012345" in page
    finally:
        providers.cache_clear()


def signed_post(client, body):
    return client.post("/api/v1/payments/demo/callback", body, content_type="application/json",
                       HTTP_X_MOTCUA_SIGNATURE=sign(SECRET, body))


def test_a_signed_notification_of_the_wrong_shape_is_refused_in_json(client, owing):
    """Validly signed, yet NaN, Infinity, an array, a fraction, a text amount, a huge body:
    each gets a 400 in JSON (never a 500, which a provider would retry for ever), and nothing
    is recorded."""
    from payments.models import Callback, Payment

    payment = start(client, owing)
    ref = payment["reference"]
    bodies = [
        b'{"id": "e1", "reference": "%s", "amount": NaN, "transaction_id": "T1"}' % ref.encode(),
        b'{"id": "e2", "reference": "%s", "amount": Infinity, "transaction_id": "T2"}'
        % ref.encode(),
        json.dumps([{"id": "e3", "reference": ref, "amount": 8000}]).encode(),
        json.dumps({"id": "e4", "reference": ref, "amount": 8000.5,
                    "transaction_id": "T4"}).encode(),
        json.dumps({"id": "e5", "reference": ref, "amount": "8000",
                    "transaction_id": "T5"}).encode(),
        json.dumps({"id": "e6", "reference": ref, "amount": True, "transaction_id": "T6"}).encode(),
        json.dumps({"id": ["e7"], "reference": ref, "amount": 8000,
                    "transaction_id": "T7"}).encode(),
        json.dumps({"id": "e8", "reference": ref, "amount": 8000, "transaction_id": "T8",
                    "paid_at": "hôm qua"}).encode(),
        b'"just text"',
        json.dumps({"id": "e9", "reference": ref, "amount": 8000, "transaction_id": "T9",
                    "payer": "x" * 20000}).encode(),
        json.dumps({"id": "e10\x00", "reference": ref, "amount": 8000,
                    "transaction_id": "T10"}).encode(),  # PostgreSQL cannot store a NUL
    ]
    for body in bodies:
        response = signed_post(client, body)
        assert response.status_code == 400, (body[:60], response.content)
        assert response["Content-Type"].startswith("application/json")
        assert response.json()["error"] in ("malformed", "too_large")
    assert Callback.objects.count() == 0
    assert Payment.objects.get(reference=ref).status == "pending"
    # The same notification, well formed, still pays.
    assert notify(client, payment).status_code == 200
