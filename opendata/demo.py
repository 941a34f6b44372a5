"""The demo's open data: MotCua's own datasets refreshed, and what some departments uploaded
through the same checks a real upload takes (the notaries of the Department of Justice, the
hospitals of the Department of Health as GeoJSON, the upper-secondary schools as a workbook,
the civil servants' numbers shared with state agencies only, and a civil-status statistic
waiting for the Justice leader's approval)."""

import csv
import io
import json

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from opendata import actions
from opendata.models import Dataset
from units import identifiers
from units.models import Agency

PROVINCE = 31

NOTARIES = [
    ("Phòng Công chứng số 1 thành phố Hải Phòng", "Công lập", "6 Lý Tự Trọng, phường Hồng Bàng", "0225 3745 698", 9),
    ("Phòng Công chứng số 2 thành phố Hải Phòng", "Công lập", "118 Lạch Tray, phường Gia Viên", "0225 3640 555", 7),
    ("Văn phòng công chứng Nguyễn Huệ", "Văn phòng công chứng", "276 Lạch Tray, phường Gia Viên", "0225 3731 866", 4),
    ("Văn phòng công chứng Lê Chân", "Văn phòng công chứng", "165 Tô Hiệu, phường Lê Chân", "0225 3856 789", 3),
    ("Văn phòng công chứng Đông Á", "Văn phòng công chứng", "42 Trần Phú, phường Ngô Quyền", "0225 3569 234", 3),
    ("Văn phòng công chứng Kiến An", "Văn phòng công chứng", "15 Trần Thành Ngọ, phường Kiến An", "0225 3876 112", 2),
    ("Văn phòng công chứng Thủy Nguyên", "Văn phòng công chứng", "88 Đà Nẵng, phường Thủy Nguyên", "0225 3874 301", 2),
    ("Văn phòng công chứng Hải Dương", "Văn phòng công chứng", "56 Nguyễn Lương Bằng, phường Hải Dương", "0220 3851 467", 3),
]

HOSPITALS = [
    ("Bệnh viện Hữu nghị Việt Tiệp", "Hạng đặc biệt", "1 Nhà Thương, phường Lê Chân", 1800, 106.6788, 20.8560),
    ("Bệnh viện Trẻ em Hải Phòng", "Hạng I", "Đường Võ Nguyên Giáp, phường An Biên", 600, 106.6712, 20.8412),
    ("Bệnh viện Phụ sản Hải Phòng", "Hạng I", "19 Trần Quang Khải, phường Hồng Bàng", 500, 106.6863, 20.8625),
    ("Bệnh viện Kiến An", "Hạng II", "1 Trần Tất Văn, phường Kiến An", 450, 106.6265, 20.8108),
    ("Bệnh viện Mắt Hải Phòng", "Hạng II", "39 Hai Bà Trưng, phường Hồng Bàng", 120, 106.6822, 20.8598),
    ("Bệnh viện Đa khoa tỉnh Hải Dương", "Hạng I", "225 Nguyễn Lương Bằng, phường Hải Dương", 1300, 106.3146, 20.9456),
    ("Bệnh viện Quốc tế Green", "Tư nhân", "738 Nguyễn Văn Linh, phường An Biên", 250, 106.6634, 20.8369),
]

SCHOOLS = [
    ("THPT Chuyên Trần Phú", "Chuyên", "Số 1 Đông Khê, phường Gia Viên", 1180, 36),
    ("THPT Trần Phú", "Công lập", "Số 1 Mê Linh, phường Lê Chân", 1560, 39),
    ("THPT Ngô Quyền", "Công lập", "Số 2 Đường Đông Khê, phường Gia Viên", 1620, 40),
    ("THPT Lê Quý Đôn", "Công lập", "Số 1 Lê Quý Đôn, phường Lê Chân", 1490, 37),
    ("THPT Thái Phiên", "Công lập", "Số 1 Lương Khánh Thiện, phường Ngô Quyền", 1510, 38),
    ("THPT Hồng Bàng", "Công lập", "Số 96 Hạ Lý, phường Hồng Bàng", 1320, 33),
    ("THPT Kiến An", "Công lập", "Số 50 Trần Thành Ngọ, phường Kiến An", 1450, 36),
    ("THPT Chuyên Nguyễn Trãi", "Chuyên", "Số 1 Nguyễn Văn Tố, phường Hải Dương", 1050, 35),
]

CIVIL_SERVANTS = [
    ("Văn phòng Ủy ban nhân dân", 118, 96, 22), ("Sở Nội vụ", 142, 121, 21),
    ("Sở Tư pháp", 96, 80, 16), ("Sở Tài chính", 188, 160, 28),
    ("Sở Xây dựng", 176, 150, 26), ("Sở Y tế", 131, 112, 19),
    ("Sở Giáo dục và Đào tạo", 124, 103, 21),
]

CIVIL_STATUS = [("2026-07", 2148, 1190, 412), ("2026-08", 2231, 1245, 398),
                ("2026-09", 2087, 1312, 405), ("2026-10", 2302, 1266, 431)]


def _csv(header, rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _xlsx(header, rows):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _schema(*fields):
    return json.dumps({"fields": [{"name": n, "type": t, "title": title}
                                  for n, t, title in fields]}, ensure_ascii=False)


def _geojson():
    return json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
         "properties": {"ten_co_so": name, "hang": rank, "dia_chi": address,
                        "so_giuong": beds}}
        for name, rank, address, beds, lon, lat in HOSPITALS]}, ensure_ascii=False).encode()


def _dataset(by, publisher, name, title, description, theme, frequency, keywords, access,
             filename, content, schema=""):
    dataset = Dataset.objects.filter(name=name).first()
    if dataset is not None:
        return dataset
    cleaned = actions.check_dataset(by, {
        "name": name, "publisher": publisher.code, "title": title, "description": description,
        "theme": theme, "frequency": frequency, "access": access,
        "licence": "CC-BY-4.0" if access == Dataset.Access.OPEN else "",
        "keywords": ", ".join(keywords), "contact_name": publisher.name,
        "contact_email": f"{publisher.short_name.lower().replace(' ', '')}@haiphong.gov.vn"
        .replace("đ", "d"), "table_schema": schema})
    dataset = actions.do_create_dataset(cleaned, by)
    checked = actions.check_upload(by, dataset, SimpleUploadedFile(filename, content))
    actions.do_upload(dataset, checked, by, "Dữ liệu cập nhật đến tháng 11/2026")
    return dataset


def _publish(dataset, staff, leader):
    if dataset.status == Dataset.Status.DRAFT:
        actions.do_transition(dataset, "submit", staff)
        actions.do_transition(dataset, "approve", leader)


def populate():
    """{"built": n, "uploaded": n}; nothing is made twice."""
    User = get_user_model()
    refreshed = actions.refresh()
    admin = User.objects.filter(is_superuser=True).order_by("pk").first()
    justice = Agency.objects.get(code=identifiers.department_code(PROVINCE, 3))
    home = Agency.objects.get(code=identifiers.department_code(PROVINCE, 2))
    health = Agency.objects.get(code=identifiers.department_code(PROVINCE, 11))
    education = Agency.objects.get(code=identifiers.department_code(PROVINCE, 10))
    specialist = User.objects.filter(username="chuyenvien.stp").first() or admin
    leader = User.objects.filter(username="lanhdao.stp").first() or admin
    home_staff = User.objects.filter(username="chuyenvien.snv").first() or admin
    home_leader = User.objects.filter(username="lanhdao.snv").first() or admin
    notaries = _dataset(
        specialist, justice, "to-chuc-hanh-nghe-cong-chung",
        "Danh sách tổ chức hành nghề công chứng",
        "Các phòng công chứng và văn phòng công chứng đang hoạt động trên địa bàn thành phố: "
        "tên, loại hình, địa chỉ, điện thoại và số công chứng viên.",
        "JUST", "QUARTERLY", ["công chứng", "tư pháp", "bổ trợ tư pháp"], "open",
        "to-chuc-hanh-nghe-cong-chung.csv",
        _csv(["ten_to_chuc", "loai_hinh", "dia_chi", "dien_thoai", "so_cong_chung_vien"],
             NOTARIES),
        json.dumps({"fields": [
            {"name": "ten_to_chuc", "type": "string", "title": "Tên tổ chức",
             "constraints": {"required": True}},
            {"name": "loai_hinh", "type": "string", "title": "Loại hình",
             "constraints": {"enum": ["Công lập", "Văn phòng công chứng"]}},
            {"name": "dia_chi", "type": "string", "title": "Địa chỉ"},
            {"name": "dien_thoai", "type": "string", "title": "Điện thoại"},
            {"name": "so_cong_chung_vien", "type": "integer", "title": "Số công chứng viên",
             "constraints": {"minimum": 1}}], "primaryKey": ["ten_to_chuc"]},
            ensure_ascii=False))
    _publish(notaries, specialist, leader)
    hospitals = _dataset(
        admin, health, "co-so-kham-chua-benh", "Cơ sở khám bệnh, chữa bệnh",
        "Các bệnh viện trên địa bàn thành phố với hạng, địa chỉ, số giường bệnh kế hoạch và "
        "vị trí trên bản đồ.", "HEAL", "ANNUAL", ["y tế", "bệnh viện", "bản đồ"], "open",
        "co-so-kham-chua-benh.geojson", _geojson(), _schema(
            ("ten_co_so", "string", "Tên cơ sở"), ("hang", "string", "Hạng bệnh viện"),
            ("dia_chi", "string", "Địa chỉ"), ("so_giuong", "integer", "Số giường bệnh")))
    _publish(hospitals, admin, admin)
    schools = _dataset(
        admin, education, "truong-trung-hoc-pho-thong", "Trường trung học phổ thông",
        "Các trường trung học phổ thông công lập và chuyên của thành phố: địa chỉ, số học "
        "sinh và số lớp năm học 2026–2027.", "EDUC", "ANNUAL",
        ["giáo dục", "trường học", "THPT"], "open", "truong-thpt.xlsx",
        _xlsx(["ten_truong", "loai_hinh", "dia_chi", "so_hoc_sinh", "so_lop"], SCHOOLS),
        _schema(("ten_truong", "string", "Tên trường"), ("loai_hinh", "string", "Loại hình"),
                ("dia_chi", "string", "Địa chỉ"), ("so_hoc_sinh", "integer", "Số học sinh"),
                ("so_lop", "integer", "Số lớp")))
    _publish(schools, admin, admin)
    staffing = _dataset(
        home_staff, home, "bien-che-cong-chuc-cac-so", "Biên chế công chức các sở, ngành",
        "Biên chế được giao, số công chức có mặt và số còn thiếu của từng cơ quan chuyên môn "
        "thuộc Ủy ban nhân dân thành phố (kho dữ liệu dùng chung, chỉ cơ quan nhà nước).",
        "GOVE", "ANNUAL", ["biên chế", "công chức", "tổ chức bộ máy"], "shared",
        "bien-che.csv", _csv(["co_quan", "bien_che_giao", "co_mat", "con_thieu"],
                             CIVIL_SERVANTS),
        _schema(("co_quan", "string", "Cơ quan"), ("bien_che_giao", "integer", "Biên chế giao"),
                ("co_mat", "integer", "Có mặt"), ("con_thieu", "integer", "Còn thiếu")))
    _publish(staffing, home_staff, home_leader)
    civil = _dataset(
        specialist, justice, "dang-ky-ho-tich-theo-thang", "Đăng ký hộ tịch theo tháng",
        "Số việc đăng ký khai sinh, kết hôn và khai tử trên địa bàn thành phố mỗi tháng.",
        "SOCI", "MONTHLY", ["hộ tịch", "khai sinh", "kết hôn"], "open",
        "ho-tich.csv", _csv(["thang", "khai_sinh", "ket_hon", "khai_tu"], CIVIL_STATUS),
        _schema(("thang", "yearmonth", "Tháng"), ("khai_sinh", "integer", "Khai sinh"),
                ("ket_hon", "integer", "Kết hôn"), ("khai_tu", "integer", "Khai tử")))
    if civil.status == Dataset.Status.DRAFT:
        actions.do_transition(civil, "submit", specialist)  # waits for lanhdao.stp
    return {"built": len(refreshed), "uploaded": 5}
