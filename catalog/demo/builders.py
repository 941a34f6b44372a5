"""Helpers that expand the compact demo definitions into the catalog interchange format."""

from decimal import Decimal

from units import identifiers

PROVINCE = 31

COMMUNE_STEPS = [
    "Tổ chức, cá nhân nộp hồ sơ trực tuyến trên Cổng Dịch vụ công quốc gia, qua bưu chính "
    "công ích hoặc trực tiếp tại Trung tâm Phục vụ hành chính công cấp xã.",
    "Công chức Bộ phận Một cửa kiểm tra hồ sơ: hồ sơ đầy đủ thì cấp Giấy tiếp nhận hồ sơ và hẹn "
    "trả kết quả; chưa đầy đủ thì hướng dẫn bổ sung, hoàn thiện một lần bằng Phiếu yêu cầu bổ sung.",
    "Công chức chuyên môn thẩm định hồ sơ, trình Lãnh đạo Ủy ban nhân dân cấp xã xem xét, ký.",
    "Trả kết quả tại Trung tâm, qua bưu chính công ích hoặc trên Cổng Dịch vụ công.",
]
PROVINCE_STEPS = [
    "Tổ chức, cá nhân nộp hồ sơ trực tuyến trên Cổng Dịch vụ công quốc gia, qua bưu chính "
    "công ích hoặc trực tiếp tại Trung tâm Phục vụ hành chính công thành phố (18 Hoàng Diệu).",
    "Công chức Bộ phận Một cửa kiểm tra hồ sơ, cấp Giấy tiếp nhận hồ sơ và hẹn trả kết quả hoặc "
    "hướng dẫn bổ sung một lần; chuyển hồ sơ điện tử đến cơ quan có thẩm quyền.",
    "Phòng chuyên môn thẩm định hồ sơ, trình Lãnh đạo Sở xem xét, quyết định.",
    "Trả kết quả tại Trung tâm Phục vụ hành chính công thành phố, qua bưu chính công ích hoặc "
    "trực tuyến.",
]

DEPARTMENT_NUMBERS = {
    "VP": 1, "SNV": 2, "STP": 3, "STC": 4, "SCT": 5, "SNNMT": 6, "SXD": 7, "SKHCN": 8,
    "SVHTTDL": 9, "SGDDT": 10, "SYT": 11, "CA": 21, "BHXH": 22, "THUE": 23,
}


def agency_code(short):
    return identifiers.department_code(PROVINCE, DEPARTMENT_NUMBERS[short])


def standard_process(total, level, performer):
    """Receive → appraise → leader signs → return, with shares adding up to the total."""
    total = Decimal(str(total))
    edge = Decimal("0.5") if total >= 4 else Decimal("0.25") if total >= 1 else Decimal("0")
    sign = Decimal("1") if total >= 5 else Decimal("0.5") if total >= 2 else Decimal("0")
    if level == "commune":
        desk, leader = "Bộ phận Một cửa UBND cấp xã", "Lãnh đạo UBND cấp xã"
    else:
        desk, leader = "Bộ phận Một cửa tại Trung tâm PVHCC thành phố", f"Lãnh đạo {performer}"
    steps = []
    if edge > 0:
        steps.append({"name": "Tiếp nhận, kiểm tra hồ sơ, chuyển xử lý", "role": "counter_officer",
                      "performer": desk, "duration": edge})
    specialist = total - 2 * edge - sign
    if sign > 0 and specialist > 0:
        steps.append({"name": "Thẩm định hồ sơ, dự thảo kết quả", "role": "specialist",
                      "performer": f"Chuyên viên {performer}", "duration": specialist})
        steps.append({"name": "Xem xét, ký duyệt kết quả", "role": "leader",
                      "performer": leader, "duration": sign})
    else:
        steps.append({"name": "Thẩm định, trình ký và ký duyệt kết quả", "role": "specialist",
                      "performer": f"Chuyên viên {performer}", "duration": total - 2 * edge})
    if edge > 0:
        steps.append({"name": "Trả kết quả, lưu hồ sơ", "role": "counter_officer",
                      "performer": desk, "duration": edge})
    for step in steps:
        step["duration"] = float(step["duration"])
        step.setdefault("agency", "")
    return steps


def comp(name, originals=1, copies=0, template="", data=None, required=True, note=""):
    return {"name": name, "originals": originals, "copies": copies, "required": required,
            "template_name": template, "replaced_by_data": bool(data), "data_source": data or "",
            "note": note}


def ask(key, label, kind="text", required=True, choices=(), help_text="", prefill=""):
    """A field of the procedure's declaration form (tờ khai)."""
    return {"key": key, "label": label, "kind": kind, "required": required,
            "choices": list(choices), "help_text": help_text, "prefill": prefill}


def fee(description, amount, kind="charge", valid_from="2025-07-01", valid_to=None, basis="",
        note=""):
    return {"kind": kind, "description": description, "amount": amount, "valid_from": valid_from,
            "valid_to": valid_to, "legal_basis": basis, "note": note}


def law(number, title, effective=None, issued=None):
    return {"number": number, "title": title, "issued_on": issued, "effective_on": effective}


def procedure(code, name, field, level, time, components, *, legal, result, applicants=None,
              fees=None, online="full", unit="working_day", agency=None, performer=None,
              implementing=None, methods=("counter", "post", "online"), anywhere=True,
              e_result=True, steps=None, process=None, requirements="", keywords="",
              time_note="", method_note="", inter_agency=False, bundled=(), form=(),
              citizens=True):
    if online == "none":
        methods = tuple(m for m in methods if m != "online")
    if level == "commune":
        implementing = implementing or "Ủy ban nhân dân cấp xã"
        performer = performer or "công chức chuyên môn UBND cấp xã"
    else:
        performer = performer or implementing
    return {
        "code": code, "name": name, "field": field, "level": level,
        "implementing_agency": implementing, "agency": agency_code(agency) if agency else "",
        "steps": steps or (COMMUNE_STEPS if level == "commune" else PROVINCE_STEPS),
        "methods": list(methods), "method_note": method_note, "requirements": requirements,
        "processing_time": time, "time_unit": unit, "processing_time_note": time_note,
        "applicants": applicants or "Công dân Việt Nam", "for_citizens": citizens,
        "result": result, "result_electronic": e_result, "no_fee": fees is None,
        "online_level": online, "receivable_anywhere": anywhere, "inter_agency": inter_agency,
        "bundled": list(bundled), "keywords": keywords,
        "components": components, "form_fields": list(form), "fees": fees or [],
        "legal_basis": legal,
        "process": process or standard_process(time, level, performer),
    }
