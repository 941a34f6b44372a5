"""VietQR bank transfer (NAPAS 247): the payer scans a QR code in any banking app and the
transfer reaches the unit's account with the exact amount and our reference in its message.

The payload is built with vietnam-qr-pay (EMVCo merchant-presented QR, VietQR profile):
bank BIN and account, amount in đồng, the bill number (62.01) = our payment reference, the
reference label (62.05) = the dossier code (letters and digits only; EMVCo limits it to 25),
and the purpose (62.08) = the transfer message the bank shows and sends back: ASCII upper case,
at most `message_max` characters (EMVCo: 25), starting with our payment reference so that a
truncated message still identifies the payment.

Notifications come from the bank or its hub (signed, see payments.base); reconciliation reads
the account statement at `statement_url` when set (JSON list of transactions, each with
"id", "amount", "description", "when"), bearer token `statement_token`.
"""

import json
import re
import urllib.request

from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy
from vietnam_qr_pay import QRPay

from motcua.text import fold
from payments.base import PaymentProvider, Settlement

REFERENCE_IN_TEXT = re.compile(r"\bMC[0-9A-Z]{8}\b")


def ascii_text(text):
    """Upper-case ASCII letters, digits and single spaces: what every bank keeps."""
    return fold(text).upper()


def compact_code(code):
    return re.sub(r"[^0-9A-Z]", "", ascii_text(code))[:25]


class VietQR(PaymentProvider):
    name = "vietqr"
    title = gettext_lazy("VietQR bank transfer")

    def __init__(self, *, bank_bin, account_number, account_name="", secret="", platform=2,
                 message_max=25, statement_url="", statement_token="", timeout=10,
                 name="vietqr", title=None):
        if not (bank_bin.isdigit() and len(bank_bin) == 6):
            raise ValueError("bank_bin is the bank's 6-digit NAPAS BIN")
        self.bank_bin, self.account_number = bank_bin, account_number
        self.account_name, self.secret, self.platform = account_name, secret, platform
        self.message_max, self.timeout = message_max, timeout
        self.statement_url, self.statement_token = statement_url, statement_token
        self.name, self.title = name, title or self.title

    def message(self, payment):
        text = ascii_text(f"{payment.reference} {compact_code(payment.dossier.code)}")
        return text[:self.message_max].rstrip()

    def payload(self, payment):
        qr = QRPay.init_viet_qr(bank_bin=self.bank_bin, bank_number=self.account_number,
                                amount=str(payment.amount), purpose=self.message(payment))
        qr.additional_data.bill_number = payment.reference
        qr.additional_data.reference = compact_code(payment.dossier.code)
        return qr.build()

    def instructions(self, payment):
        return {"kind": "vietqr", "qr": self.payload(payment), "bank_bin": self.bank_bin,
                "account_number": self.account_number, "account_name": self.account_name,
                "amount": payment.amount, "message": self.message(payment)}

    def find(self, payment):
        if not self.statement_url:
            return None
        request = urllib.request.Request(
            f"{self.statement_url}?since={payment.created_at.isoformat()}",
            headers={"Authorization": f"Bearer {self.statement_token}"})
        with urllib.request.urlopen(request, timeout=self.timeout) as response:
            rows = json.loads(response.read())
        for row in rows:
            found = REFERENCE_IN_TEXT.findall(ascii_text(row.get("description", "")))
            if payment.reference in found:
                return Settlement(event_id=f"statement:{row['id']}", reference=payment.reference,
                                  amount=int(row["amount"]), transaction_id=str(row["id"]),
                                  paid_at=parse_datetime(row.get("when") or ""))
        return None
