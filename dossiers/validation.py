"""Applicant data checks (DOMAIN.md §6), with messages the counter officer can act on."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

# Citizen identity card (CCCD) / personal identification number: 12 digits (Decree 137/2015).
CCCD = re.compile(r"^\d{12}$")
# Vietnamese numbers: mobile 03x/05x/07x/08x/09x, landline 02x; 10 digits, or +84 / 84 without 0.
PHONE = re.compile(r"^(?:0|\+?84)(?:[35789]\d{8}|2\d{9})$")
# Tax code of a business: 10 digits, or 10 + "-" + 3 for a branch.
TAX_CODE = re.compile(r"^\d{10}(?:-\d{3})?$")


def normalise_phone(value):
    return re.sub(r"[\s.\-()]", "", value or "")


def check_applicant(data):
    """Validate and normalise applicant fields; raise ValidationError naming each field."""
    errors = {}
    name = (data.get("applicant_name") or "").strip()
    if not name:
        errors["applicant_name"] = _("Enter the applicant's name.")
    kind = data.get("applicant_type", 1)
    id_number = (data.get("applicant_id_number") or "").replace(" ", "")
    if kind == 1:
        if not CCCD.match(id_number):
            errors["applicant_id_number"] = _("A citizen identity number has exactly 12 digits.")
    elif kind == 2 and id_number and not TAX_CODE.match(id_number):
        errors["applicant_id_number"] = _("A tax code has 10 digits, or 13 with a branch suffix.")
    phone = normalise_phone(data.get("applicant_phone"))
    if phone and not PHONE.match(phone):
        errors["applicant_phone"] = _("Enter a Vietnamese phone number, e.g. 0912345678.")
    email = (data.get("applicant_email") or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["applicant_email"] = _("Enter a valid e-mail address.")
    if not phone and not email:
        errors["applicant_phone"] = _("Give a phone number or an e-mail to reach the applicant.")
    if errors:
        raise ValidationError(errors)
    return {"applicant_name": name, "applicant_type": kind, "applicant_id_number": id_number,
            "applicant_phone": phone, "applicant_email": email,
            "applicant_address": (data.get("applicant_address") or "").strip()}
