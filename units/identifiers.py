"""Identifier codes (mã định danh) of agencies and service centers.

Decision 20/2020/QĐ-TTg gives every state body a code of four groups, the last naming the
province (e.g. H26). The codes of the post-2025 communes are assigned by each province and were
not available to us *(to verify)*: `import_units` therefore derives provisional, stable codes
from the statistics codes, and administrators correct them in the admin when the province
publishes its list. A code, once used in a dossier code, must not change for that dossier: dossier
codes are stored whole, so editing an agency code only affects new dossiers.

Scheme used here (group 1 distinguishes the body from its service center):
  provincial People's Committee     000.00.00.<H>
  department number n (01–20)       000.00.<nn>.<H>
  vertical sector agency (21–29)    000.00.<nn>.<H>
  provincial service center         000.00.31.<H>
  commune People's Committee        000.<ward code>.00.<H>
  commune service center            001.<ward code>.00.<H>
"""

from django.conf import settings

# Province part of the code, by statistics code. Only Hải Phòng's is confirmed (H26, seen in
# dossier codes of the city's portal); the others fall back to P<code> until verified. A
# deployment can override with the setting MOTCUA_PROVINCE_IDENTIFIERS = {31: "H26", ...}.
KNOWN_PROVINCE_IDENTIFIERS = {31: "H26"}


def province_identifier(province_code):
    overrides = getattr(settings, "MOTCUA_PROVINCE_IDENTIFIERS", {}) or {}
    if province_code in overrides:
        return overrides[province_code]
    return KNOWN_PROVINCE_IDENTIFIERS.get(province_code, f"P{province_code:02d}")


def province_committee_code(province_code):
    return f"000.00.00.{province_identifier(province_code)}"


def department_code(province_code, number):
    return f"000.00.{number:02d}.{province_identifier(province_code)}"


def province_center_code(province_code):
    return f"000.00.31.{province_identifier(province_code)}"


def commune_committee_code(province_code, ward_code):
    return f"000.{ward_code:05d}.00.{province_identifier(province_code)}"


def commune_center_code(province_code, ward_code):
    return f"001.{ward_code:05d}.00.{province_identifier(province_code)}"
