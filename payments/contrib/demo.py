"""A demo payment provider for development and tests: the payer presses "pay" on a page of
ours, the provider settles it in its own books (DemoSettlement) and sends us a signed
notification through the same path a real one takes. With `notify=False` it settles without
notifying, as when a notification is lost; reconciliation then finds the payment in its books.
Never enable it where real money moves."""

import json
import secrets

from django.utils import timezone
from django.utils.translation import gettext_lazy

from payments.base import PaymentProvider, Settlement, sign
from payments.models import DemoSettlement


class DemoPayments(PaymentProvider):
    name = "demo"
    title = gettext_lazy("Test payment gateway")

    def __init__(self, *, secret="demo-payments-secret", platform=1, notify=True):
        self.secret, self.platform, self.notify = secret, platform, notify

    def instructions(self, payment):
        return {"kind": "demo", "amount": payment.amount}

    def settle(self, payment, amount=None):
        """The payer pays: the provider's books, then (unless told not to) the notification as
        (body bytes, signature header) to deliver to our webhook."""
        settlement = DemoSettlement.objects.create(
            reference=payment.reference, amount=payment.amount if amount is None else amount,
            transaction_id=f"DEMO{secrets.token_hex(6).upper()}", settled_at=timezone.now())
        body = json.dumps({
            "id": f"evt-{settlement.transaction_id}", "reference": settlement.reference,
            "amount": settlement.amount, "transaction_id": settlement.transaction_id,
            "paid_at": settlement.settled_at.isoformat()}).encode()
        return body, sign(self.secret, body)

    def find(self, payment):
        settled = DemoSettlement.objects.filter(reference=payment.reference).first()
        if settled is None:
            return None
        return Settlement(event_id=f"statement:{settled.transaction_id}",
                          reference=settled.reference, amount=settled.amount,
                          transaction_id=settled.transaction_id, paid_at=settled.settled_at)
