"""The records the national portal takes, built from a dossier and its events (DOMAIN.md §6).

Field names are the portal's (DongBoHoSoMC, CapNhatTienDoHoSoMC); dates are local time as
`yyyyMMddHHmmss`. The legacy import (issue 6) reads the same shape back.
"""

import hashlib
import json

from django.conf import settings
from django.utils import timezone

from dossiers import transitions as t
from dossiers.models import DossierDocument, FeeLine
from units.access import agency_by_id
from units.models import StaffRole

DATE_FORMAT = "%Y%m%d%H%M%S"


def portal_date(moment):
    return timezone.localtime(moment).strftime(DATE_FORMAT) if moment else ""


def _documents(dossier):
    rows = []
    for doc in dossier.documents.all():
        if doc.source == DossierDocument.Source.RESULT:
            continue
        rows.append({
            "TenTaiLieu": doc.component_name[:300],
            "MaSoHoa": doc.digitisation_code,
            "DuocSoHoa": 1 if doc.digitisation_code else 0,
            "DuocTaiSuDung": 1 if doc.reused else 0,
            "DuocLayTuKhoDMQG": 1 if doc.from_store else 0,
        })
    return rows


def _fees(dossier):
    return [{"TenPhiLePhi": line.description[:300], "MucPhi": line.amount,
             "LoaiPhiLePhi": 2 if line.kind == "charge" else 1,  # 1 phí, 2 lệ phí
             "MienGiam": 1 if line.exempt else 0,
             "NgayThanhToan": portal_date(line.paid_at)}
            for line in FeeLine.objects.filter(dossier=dossier).order_by("pk")]


def _supplements(dossier):
    return [{"NgayYeuCauBoSung": portal_date(p.started_at),
             "NgayTiepNhanBoSung": portal_date(p.ended_at), "LyDo": p.reason[:500]}
            for p in dossier.pauses.filter(kind="supplement").order_by("started_at")]


def _results(dossier):
    from results.models import Result

    base = settings.MOTCUA_PUBLIC_URL
    return [{"TenGiayTo": r.title, "MaGiayToKetQua": r.number,
             "DuongDanTepTin": f"{base}/xac-thuc/{r.verification_code}",
             "ThuHoi": 1 if r.revoked_at else 0}
            for r in Result.objects.filter(dossier=dossier).order_by("pk")]


def dossier_record(dossier):
    """The DongBoHoSoMC record of the dossier as it is now (without its version)."""
    return {
        "MaHoSo": dossier.code,
        "MaTTHC": dossier.procedure.code,
        "TenTTHC": dossier.procedure.name[:500],
        "DonViXuLy": dossier.agency.code,
        "TenDonViXuLy": dossier.agency.name,
        "NoiTiepNhan": dossier.service_center.code,
        "KenhThucHien": int(dossier.channel),
        "LoaiDoiTuong": int(dossier.applicant_type),
        "ChuHoSo": dossier.applicant_name,
        "SoGiayToChuHoSo": dossier.applicant_id_number,
        "SoDienThoai": dossier.applicant_phone,
        "Email": dossier.applicant_email,
        "DiaChi": dossier.applicant_address,
        "TrichYeuHoSo": dossier.summary,
        "NgayNopHoSo": portal_date(dossier.submitted_at),
        "NgayTiepNhan": portal_date(dossier.received_at),
        "NgayHenTra": portal_date(dossier.due_at),
        "NgayHenTraLanDau": portal_date(dossier.first_due_at),
        "NgayKetThucXuLy": portal_date(dossier.finished_at),
        "NgayTra": portal_date(dossier.returned_at),
        "TrangThaiHoSo": t.NATIONAL_CODE[dossier.status],
        "KetQuaXuLy": dossier.result,
        "XacThucVNeID": 1 if dossier.vneid_authenticated else 0,
        "CSDLDaKhaiThac": list(dossier.consulted or []),
        "TaiLieuNop": _documents(dossier),
        "DanhSachLePhi": _fees(dossier),
        "DuocThanhToanTrucTuyen": dossier.payment_platform or 0,
        "DanhSachHoSoBoSung": _supplements(dossier),
        "DanhSachGiayToKetQua": _results(dossier),
    }


def record_hash(record):
    return hashlib.sha256(json.dumps(record, sort_keys=True, ensure_ascii=False).encode()) \
        .hexdigest()


ROLE_TITLES = {
    StaffRole.Role.COUNTER_OFFICER: "Cán bộ tiếp nhận",
    StaffRole.Role.SPECIALIST: "Chuyên viên xử lý",
    StaffRole.Role.LEADER: "Lãnh đạo",
    StaffRole.Role.SUPERVISOR: "Cán bộ giám sát",
    t.APPLICANT: "Người nộp hồ sơ",
    t.SYSTEM: "Hệ thống",
}


def step_record(dossier, event):
    """The CapNhatTienDoHoSoMC step of one event: who, role, unit, when, what, status, the
    step's due date; `SoThuTu` is the event's order in the dossier."""
    label = str(t.ACTION_LABELS.get(event.action, event.action))
    what = f"{label}: {event.note}" if event.note else label
    agency = agency_by_id(event.agency_id) if event.agency_id else None
    return {
        "MaHoSo": dossier.code,
        "SoThuTu": event.seq,
        "NguoiXuLy": event.actor_name or ROLE_TITLES.get(event.role, ""),
        "ChucDanh": ROLE_TITLES.get(event.role, event.role),
        "MaDonViXuLy": agency.code if agency else dossier.agency.code,
        "TenDonViXuLy": agency.name if agency else dossier.agency.name,
        "ThoiDiemXuLy": portal_date(event.at),
        "NoiDungXuLy": what[:1000],
        "TrangThaiHoSo": t.NATIONAL_CODE[event.to_status],
        "HanXuLyBuoc": portal_date(event.step_due_at),
    }
