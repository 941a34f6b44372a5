"""Import provinces and communes from `vietnam-provinces` (statistics codes after 01/7/2025).

Creates, idempotently, for each province: the unit, its communes, the provincial People's
Committee, the standard departments, the vertical sector agencies that receive procedures at the
one-stop desks, the provincial service center, and for each commune its People's Committee and
its service center. Running it again updates names and adds what is new; it never deletes.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _
from vietnam_provinces import Province, ProvinceCode, Ward

from units import identifiers
from units.models import AdministrativeUnit, Agency, ServiceCenter

# Specialised agencies of a provincial People's Committee after the 2025 reorganisation
# (Decree 45/2025/NĐ-CP); the number is the second group of the identifier code. A province
# without one of them simply never assigns procedures to it.
DEPARTMENTS = [
    (1, "Văn phòng Ủy ban nhân dân", "VP UBND"),
    (2, "Sở Nội vụ", "SNV"),
    (3, "Sở Tư pháp", "STP"),
    (4, "Sở Tài chính", "STC"),
    (5, "Sở Công Thương", "SCT"),
    (6, "Sở Nông nghiệp và Môi trường", "SNNMT"),
    (7, "Sở Xây dựng", "SXD"),
    (8, "Sở Khoa học và Công nghệ", "SKHCN"),
    (9, "Sở Văn hóa, Thể thao và Du lịch", "SVHTTDL"),
    (10, "Sở Giáo dục và Đào tạo", "SGDĐT"),
    (11, "Sở Y tế", "SYT"),
    (12, "Thanh tra", "TTr"),
]
# Vertical agencies whose procedures are received at the province's one-stop desks.
SECTOR_AGENCIES = [
    (21, "Công an", "CA"),
    (22, "Bảo hiểm xã hội", "BHXH"),
    (23, "Thuế", "Thuế"),
]


@dataclass
class ImportReport:
    provinces: int = 0
    communes: int = 0
    agencies: int = 0
    centers: int = 0
    created: dict = field(default_factory=lambda: {"units": 0, "agencies": 0, "centers": 0})


def _plain_province_name(province):
    name = province.name
    for prefix in ("Thành phố ", "Tỉnh "):
        if name.startswith(prefix):
            return name[len(prefix):]
    return name


def _province_style(province):
    """'thành phố Hải Phòng' or 'tỉnh Cao Bằng', as used inside agency names."""
    kind = "thành phố" if "thành phố" in province.division_type.value else "tỉnh"
    return f"{kind} {_plain_province_name(province)}"


def _commune_style(ward):
    """'phường Thủy Nguyên', 'xã An Hưng', 'đặc khu Cát Hải'."""
    kind = ward.division_type.value
    name = ward.name
    if name.lower().startswith(kind):
        name = name[len(kind):].strip()
    return f"{kind} {name}"


def known_province_codes():
    return sorted(int(p.code.value) for p in Province.iter_all())


def _upsert(model, lookup, defaults, report, bucket):
    obj, created = model.objects.update_or_create(defaults=defaults, **lookup)
    if created:
        report.created[bucket] += 1
    return obj


@transaction.atomic
def import_province(province_code, report=None):
    report = report or ImportReport()
    try:
        province = Province.from_code(ProvinceCode(province_code))
    except ValueError:
        raise ValueError(_("No province or city with code %(code)s.") % {"code": province_code}) \
            from None
    style = _province_style(province)
    unit = _upsert(
        AdministrativeUnit,
        {"code": province_code},
        {
            "name": province.name,
            "codename": province.codename,
            "level": AdministrativeUnit.Level.PROVINCE,
            "division_type": province.division_type.value,
            "parent": None,
        },
        report, "units",
    )
    report.provinces += 1
    committee = _upsert(
        Agency,
        {"code": identifiers.province_committee_code(province_code)},
        {"name": f"Ủy ban nhân dân {style}", "short_name": "UBND", "parent": None,
         "kind": Agency.Kind.PROVINCE_COMMITTEE, "unit": unit},
        report, "agencies",
    )
    report.agencies += 1
    for number, name, short in DEPARTMENTS:
        _upsert(
            Agency,
            {"code": identifiers.department_code(province_code, number)},
            {"name": f"{name} {style}", "short_name": short, "kind": Agency.Kind.DEPARTMENT, "unit": unit,
             "parent": committee},
            report, "agencies",
        )
        report.agencies += 1
    for number, name, short in SECTOR_AGENCIES:
        _upsert(
            Agency,
            {"code": identifiers.department_code(province_code, number)},
            {"name": f"{name} {style}", "short_name": short, "kind": Agency.Kind.SECTOR,
             "unit": unit, "parent": None},
            report, "agencies",
        )
        report.agencies += 1
    _upsert(
        ServiceCenter,
        {"code": identifiers.province_center_code(province_code)},
        {"name": f"Trung tâm Phục vụ hành chính công {style}", "unit": unit, "agency": committee},
        report, "centers",
    )
    report.centers += 1

    for ward in Ward.iter_by_province(ProvinceCode(province_code)):
        ward_code = int(ward.code.value)
        commune = _upsert(
            AdministrativeUnit,
            {"code": ward_code},
            {"name": ward.name, "codename": ward.codename,
             "level": AdministrativeUnit.Level.COMMUNE,
             "division_type": ward.division_type.value, "parent": unit},
            report, "units",
        )
        report.communes += 1
        commune_style = _commune_style(ward)
        commune_committee = _upsert(
            Agency,
            {"code": identifiers.commune_committee_code(province_code, ward_code)},
            {"name": f"Ủy ban nhân dân {commune_style}", "short_name": "UBND",
             "kind": Agency.Kind.COMMUNE_COMMITTEE, "unit": commune, "parent": None},
            report, "agencies",
        )
        report.agencies += 1
        _upsert(
            ServiceCenter,
            {"code": identifiers.commune_center_code(province_code, ward_code)},
            {"name": f"Trung tâm Phục vụ hành chính công {commune_style}", "unit": commune,
             "agency": commune_committee},
            report, "centers",
        )
        report.centers += 1
    return report
