"""Decision 766/QĐ-TTg 2022 as data: groups, indicators with their points and targets, rating
bands (DOMAIN.md §5). A revision of the decision is a change here or in the setting
MOTCUA_766 ({"indicators": {id: {"max": .., "target": ..}}, "bands": [...],
"when_empty": "full" | "zero", "max_supplements": 1}), never in the computations.
"""

from django.conf import settings

GROUPS = {
    "CKMB": "Công khai, minh bạch",
    "TDGQ": "Tiến độ giải quyết",
    "CLGQ": "Dịch vụ công trực tuyến",
    "TTTT": "Thanh toán trực tuyến",
    "MDSH": "Mức độ số hóa",
    "MDHL": "Mức độ hài lòng",
}

# id, group, points, target (%), name. Ids follow the decision's numbering where DOMAIN.md
# gives it; "3.1" (full-online share), "3.5a/b", "4.2b", "4.5a/b" name the unnumbered parts.
INDICATORS = [
    ("1.1", "CKMB", 6, None, "Thủ tục được công bố đúng hạn"),
    ("1.2", "CKMB", 4, None, "Thủ tục được cập nhật, công khai đúng hạn"),
    ("1.3", "CKMB", 2, None, "Thủ tục công khai đầy đủ các bộ phận"),
    ("1.4", "CKMB", 6, None, "Hồ sơ đồng bộ lên Cổng DVCQG"),
    ("2.1", "TDGQ", 20, None, "Hồ sơ giải quyết trước hạn, đúng hạn"),
    ("2.2", "TDGQ", 0, None, "Thời gian giải quyết trung bình (ngày)"),
    ("3.1", "CLGQ", 12, None, "Hồ sơ trực tuyến toàn trình"),
    ("3.5a", "TTTT", 2, 80, "Thủ tục có phí, lệ phí tích hợp thanh toán trực tuyến"),
    ("3.5b", "TTTT", 2, 80, "Thủ tục có phát sinh giao dịch thanh toán trực tuyến"),
    ("3.6", "TTTT", 6, None, "Hồ sơ thanh toán trực tuyến"),
    ("4.1", "MDSH", 6, None, "Hồ sơ có kết quả điện tử"),
    ("4.2", "MDSH", 4, 80, "Hồ sơ được số hóa"),
    ("4.2b", "MDSH", 2, None, "Bản sao chứng thực điện tử"),
    ("4.3", "MDSH", 2, 80, "Hồ sơ tái sử dụng dữ liệu số hóa"),
    ("4.4", "MDSH", 4, None, "Hồ sơ lấy thành phần từ kho dữ liệu của công dân"),
    ("4.5a", "MDSH", 2, None, "Thủ tục khai thác CSDL quốc gia về dân cư"),
    ("4.5b", "MDSH", 2, None, "Hồ sơ khai thác CSDL quốc gia về dân cư"),
    ("5.2", "MDHL", 6, None, "Phản ánh, kiến nghị xử lý đúng hạn"),
    ("5.3", "MDHL", 6, None, "Hài lòng với việc xử lý phản ánh, kiến nghị"),
    ("5.4", "MDHL", 6, 90, "Hài lòng với việc giải quyết hồ sơ"),
]

# Seen in published results: ≥ 90 "xuất sắc", 80–< 90 "tốt". The lower bands are to verify.
BANDS = [(90, "Xuất sắc"), (80, "Tốt"), (70, "Khá"), (50, "Trung bình"), (0, "Yếu")]

# An indicator with nothing to count (no dossier, no procedure) for a unit: full points, as
# there is nothing to fault (to verify against the national portal's practice), or zero.
WHEN_EMPTY = "full"


# More than this many supplement requests make a dossier late (DOMAIN.md §5.2: "more than one").
MAX_SUPPLEMENTS = 1


def current_rules():
    """The counting rules that are configuration too: {"max_supplements": n}."""
    override = getattr(settings, "MOTCUA_766", None) or {}
    return {"max_supplements": int(override.get("max_supplements", MAX_SUPPLEMENTS))}


def current():
    """(indicators as dicts, bands, when_empty) with the settings' overrides."""
    override = getattr(settings, "MOTCUA_766", None) or {}
    changes = override.get("indicators", {})
    rows = []
    for ident, group, points, target, name in INDICATORS:
        row = {"id": ident, "group": group, "max": points, "target": target, "name": name}
        row.update(changes.get(ident, {}))
        rows.append(row)
    return rows, override.get("bands", BANDS), override.get("when_empty", WHEN_EMPTY)
