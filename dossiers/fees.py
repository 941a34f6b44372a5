"""Fee lines of a dossier (DOMAIN.md §6 DanhSachLePhi): what the applicant owes, when, and what
is exempt.

An officer charges fees with the action that makes them due: at reception (`receive`), during
processing (`require_payment`, which pauses the clock, status 6) or with the result (`approve`),
each as `fees`: a list of
    {"fee": <id of a catalog fee of the procedure, valid on the submission date>}
    {"description": "...", "amount": <VND>, "kind": "fee" | "charge"}
either with an optional "exempt": "<reason>" (miễn, giảm per the fee's legal basis). A catalog
fee of 0 đồng is recorded as exempt with its note. Payment goes through payments.Payment.
"""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import Fee
from dossiers.models import FeeLine

MAX_LINES = 20
MAX_AMOUNT = 10 ** 12  # đồng; above any fee a one-stop desk collects


def check_fee_lines(dossier, items, *, required):
    """Validated fee lines (unsaved dicts) from the action's `fees`; ValidationError naming
    each bad line as fees[i]."""
    return check_fees_of(dossier.procedure, timezone.localdate(dossier.submitted_at), items,
                         required=required)


def check_fees_of(procedure, day, items, *, required):
    """The same, for a dossier of `procedure` submitted on `day` (one not saved yet: counter
    intake charges the reception fees with the dossier it creates)."""
    if items in (None, "", []):
        if required:
            raise ValidationError({"fees": _("List the fees to pay.")})
        return []
    if not isinstance(items, list) or len(items) > MAX_LINES:
        raise ValidationError({"fees": _("Fees are a list of at most %(n)d lines.")
                               % {"n": MAX_LINES}})
    catalog = {f.pk: f for f in procedure.fees.all() if f.applies_on(day)}
    lines, errors = [], {}
    for i, item in enumerate(items):
        where = f"fees[{i}]"
        if not isinstance(item, dict):
            errors[where] = _("Each fee line is an object.")
            continue
        exempt = item.get("exempt") or ""
        if not isinstance(exempt, str) or len(exempt) > 500:
            errors[where] = _("The exemption is the reason, in words.")
            continue
        if "fee" in item:
            fee = catalog.get(item["fee"]) if isinstance(item["fee"], int) else None
            if fee is None:
                errors[where] = _("This fee is not one of the procedure's fees on the "
                                  "submission date.")
                continue
            line = {"fee": fee, "kind": fee.kind, "description": fee.description,
                    "amount": fee.amount}
            if fee.amount == 0 and not exempt:
                exempt = fee.note or _("No amount is charged.")
        else:
            description = item.get("description")
            amount = item.get("amount")
            kind = item.get("kind", Fee.Kind.CHARGE)
            if not isinstance(description, str) or not description.strip() \
                    or len(description) > 500:
                errors[where] = _("Describe the fee (at most 500 characters).")
                continue
            if isinstance(amount, bool) or not isinstance(amount, int) \
                    or not 0 < amount < MAX_AMOUNT:
                errors[where] = _("The amount is a whole number of đồng, above zero.")
                continue
            if kind not in Fee.Kind.values:
                errors[where] = _("The kind is fee or charge.")
                continue
            line = {"fee": None, "kind": kind, "description": description.strip(),
                    "amount": amount}
        line.update(exempt=bool(exempt.strip()), exemption_reason=exempt.strip())
        lines.append(line)
    if errors:
        raise ValidationError(errors)
    return lines


def add_fee_lines(dossier, lines, stage):
    return FeeLine.objects.bulk_create(FeeLine(dossier=dossier, stage=stage, **line)
                                       for line in lines)


def as_recorded(lines):
    """The lines as the event that charged them records them."""
    return [{"description": line["description"], "amount": line["amount"],
             "exempt": line["exemption_reason"]} for line in lines]


def outstanding(dossier, stages=None):
    """The lines still to pay (not exempt, not paid), of the given stages."""
    queryset = dossier.fee_lines.filter(exempt=False, paid_at__isnull=True, amount__gt=0)
    if stages:
        queryset = queryset.filter(stage__in=stages)
    return list(queryset)
