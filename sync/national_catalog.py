"""The catalog direction: procedures published in the national database (CSDL TTHC, served by
the portal's `LayThuTuc`) brought into the local catalog.

A national record carries the parts the national database holds (name, field, steps,
methods, time limit, applicants, requirements, components, fees, legal bases, result). They
are laid over the local procedure in the interchange shape (catalog/interchange.py), so what
only the province keeps (its competent agency, internal process, declaration fields,
keywords, which papers national data replaces) stays, and the result goes through the same
check and import as any catalog document: all or nothing, a version recorded for each
procedure that changed, nothing for one that did not.

The national field names below are as the local simulator serves them, to verify against the
portal's integration specification. Dates are `yyyyMMdd` (or the portal's `yyyyMMddHHmmss`).
"""

import datetime as dt

from django.utils.translation import gettext as _

from catalog.actions import check_import, do_import_catalog, procedures_with_parts
from catalog.interchange import FORMAT, CatalogError, serialize_procedure
from catalog.models import Field, Procedure

TIME_UNITS = {"ngày làm việc": "working_day", "giờ làm việc": "working_hour",
              "ngày": "calendar_day", "tháng": "month"}
LEVELS = {"Cấp tỉnh": "province", "Cấp xã": "commune"}
METHODS = {"Trực tiếp": "counter", "Dịch vụ bưu chính": "post", "Trực tuyến": "online"}
FEE_KINDS = {1: "fee", 2: "charge"}  # 1 phí, 2 lệ phí


def _national_date(value):
    return value.replace("-", "") if value else ""


def _local_date(value, errors, location, field):
    if not value:
        return None
    text = str(value)[:8]
    try:
        return dt.datetime.strptime(text, "%Y%m%d").date().isoformat()
    except ValueError:
        errors.append({"location": location, "field": field,
                       "reason": _("a date must have the form yyyyMMdd")})
        return None


def _invert(mapping):
    return {v: k for k, v in mapping.items()}


def to_national(p):
    """An interchange procedure as the national database would publish it."""
    units, levels, methods = _invert(TIME_UNITS), _invert(LEVELS), _invert(METHODS)
    return {
        "MaTTHC": p["code"], "TenTTHC": p["name"], "MaLinhVuc": p["field"],
        "CapThucHien": levels.get(p["level"], ""),
        "CoQuanThucHien": p["implementing_agency"],
        "TrinhTuThucHien": list(p["steps"]),
        "CachThucThucHien": [methods[m] for m in p["methods"] if m in methods],
        "ThoiHanGiaiQuyet": p["processing_time"], "DonViThoiGian": units.get(p["time_unit"], ""),
        "MoTaThoiHan": p["processing_time_note"],
        "DoiTuongThucHien": p["applicants"], "YeuCauDieuKien": p["requirements"],
        "KetQuaThucHien": p["result"],
        "ThanhPhanHoSo": [{"TenGiayTo": c["name"], "SoBanChinh": c["originals"],
                           "SoBanSao": c["copies"], "BatBuoc": 1 if c["required"] else 0,
                           "MauDon": c["template_name"]} for c in p["components"]],
        "PhiLePhi": [{"LoaiPhiLePhi": 2 if f["kind"] == "charge" else 1, "MoTa": f["description"],
                      "MucPhi": f["amount"], "TuNgay": _national_date(f["valid_from"]),
                      "DenNgay": _national_date(f["valid_to"]), "CanCu": f["legal_basis"]}
                     for f in p["fees"]],
        "CanCuPhapLy": [{"SoKyHieu": b["number"], "TrichYeu": b["title"],
                         "NgayBanHanh": _national_date(b["issued_on"]),
                         "NgayHieuLuc": _national_date(b["effective_on"])}
                        for b in p["legal_basis"]],
    }


def _overlay(record, local, errors, location):
    """The local procedure (interchange shape, or a new one) with the national parts."""
    p = dict(local) if local else {
        "agency": "", "method_note": "", "result_electronic": False, "online_level": "none",
        "receivable_anywhere": False, "inter_agency": False, "bundled": [], "keywords": "",
        "form_fields": [], "process": [], "no_fee": False}
    p["code"], p["name"] = record.get("MaTTHC"), record.get("TenTTHC")
    p["field"] = record.get("MaLinhVuc")
    if record.get("CapThucHien") not in LEVELS:
        errors.append({"location": location, "field": "CapThucHien",
                       "reason": _("must be Cấp tỉnh or Cấp xã")})
    p["level"] = LEVELS.get(record.get("CapThucHien"), "")
    p["implementing_agency"] = record.get("CoQuanThucHien") or ""
    p["steps"] = list(record.get("TrinhTuThucHien") or [])
    methods = record.get("CachThucThucHien") or []
    unknown = [m for m in methods if m not in METHODS]
    if unknown:
        errors.append({"location": location, "field": "CachThucThucHien",
                       "reason": _("unknown methods: %(methods)s")
                       % {"methods": ", ".join(map(str, unknown))}})
    p["methods"] = [METHODS[m] for m in methods if m in METHODS]
    p["processing_time"] = record.get("ThoiHanGiaiQuyet")
    if record.get("DonViThoiGian") not in TIME_UNITS:
        errors.append({"location": location, "field": "DonViThoiGian",
                       "reason": _("must be ngày làm việc, giờ làm việc, ngày or tháng")})
    p["time_unit"] = TIME_UNITS.get(record.get("DonViThoiGian"), "working_day")
    p["processing_time_note"] = record.get("MoTaThoiHan") or ""
    p["applicants"] = record.get("DoiTuongThucHien") or ""
    p["requirements"] = record.get("YeuCauDieuKien") or ""
    p["result"] = record.get("KetQuaThucHien") or ""
    kept = {c["name"]: c for c in (local or {}).get("components", [])}
    p["components"] = []
    for c in record.get("ThanhPhanHoSo") or []:
        name = c.get("TenGiayTo") or ""
        mine = kept.get(name, {})
        p["components"].append({
            "name": name, "originals": c.get("SoBanChinh", 0), "copies": c.get("SoBanSao", 0),
            "required": bool(c.get("BatBuoc", 1)), "template_name": c.get("MauDon") or "",
            # What national data replaces is the province's own knowledge: kept.
            "replaced_by_data": mine.get("replaced_by_data", False),
            "data_source": mine.get("data_source", ""), "note": mine.get("note", "")})
    kept_fees = {(f["description"], f["amount"]): f for f in (local or {}).get("fees", [])}
    p["fees"] = []
    for i, f in enumerate(record.get("PhiLePhi") or []):
        where = f"{location}.PhiLePhi[{i}]"
        mine = kept_fees.get((f.get("MoTa"), f.get("MucPhi")), {})
        p["fees"].append({
            "kind": FEE_KINDS.get(f.get("LoaiPhiLePhi"), "fee"), "description": f.get("MoTa"),
            "amount": f.get("MucPhi"),
            "valid_from": _local_date(f.get("TuNgay"), errors, where, "TuNgay"),
            "valid_to": _local_date(f.get("DenNgay"), errors, where, "DenNgay"),
            "legal_basis": f.get("CanCu") or "", "note": mine.get("note", "")})
    p["no_fee"] = not p["fees"] and bool((local or {}).get("no_fee", True))
    p["legal_basis"] = []
    for i, b in enumerate(record.get("CanCuPhapLy") or []):
        where = f"{location}.CanCuPhapLy[{i}]"
        p["legal_basis"].append({
            "number": b.get("SoKyHieu"), "title": b.get("TrichYeu") or "",
            "issued_on": _local_date(b.get("NgayBanHanh"), errors, where, "NgayBanHanh"),
            "effective_on": _local_date(b.get("NgayHieuLuc"), errors, where, "NgayHieuLuc")})
    return p


def check_national(records):
    """The interchange document for the national records, validated as any import; raises
    CatalogError listing every problem (national locations for the mapping's own)."""
    if not isinstance(records, list):
        raise CatalogError([{"location": "LayThuTuc", "field": "data",
                             "reason": _("must be a list of procedures")}])
    errors, procedures = [], []
    codes = [r.get("MaTTHC") for r in records if isinstance(r, dict)]
    local = {p.code: serialize_procedure(p)
             for p in procedures_with_parts(Procedure.objects.filter(code__in=codes))}
    for i, record in enumerate(records):
        location = f"LayThuTuc[{i}]"
        if not isinstance(record, dict):
            errors.append({"location": location, "field": "", "reason": _("must be an object (record)")})
            continue
        procedures.append(_overlay(record, local.get(record.get("MaTTHC")), errors, location))
    if errors:
        raise CatalogError(errors)
    fields = {f.code: f.name for f in Field.objects.filter(
        code__in={p["field"] for p in procedures})}
    for record in records:  # a field new to the province comes with its name
        if record.get("MaLinhVuc") not in fields and record.get("TenLinhVuc"):
            fields[record["MaLinhVuc"]] = record["TenLinhVuc"]
    document = {"format": FORMAT, "version": 1, "decisions": [], "procedures": procedures,
                "fields": [{"code": code, "name": name} for code, name in fields.items()]}
    return check_import(document)


def do_import_national(cleaned):
    """Import; returns the codes of the procedures that changed (a new version each)."""
    codes = [p["code"] for p in cleaned["procedures"]]
    before = dict(Procedure.objects.filter(code__in=codes).values_list("code", "version"))
    do_import_catalog(cleaned, source="national")
    after = dict(Procedure.objects.filter(code__in=codes).values_list("code", "version"))
    return sorted(code for code in codes if after.get(code) != before.get(code))

