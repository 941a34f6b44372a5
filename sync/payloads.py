"""The records the national portal takes, built from a dossier and its events (DOMAIN.md §6).

Field names are the portal's (DongBoHoSoMC, CapNhatTienDoHoSoMC: integrations/national/
fields.py); dates are local time as `yyyyMMddHHmmss`. The legacy import (sync/legacy.py) reads
the same shape back, so a month exported and imported gives the same index.
"""

import hashlib
import json

from django.utils import timezone

from dossiers import transitions as t
from dossiers.models import RESULT_DOCUMENT_PREFIX, DossierDocument, FeeLine
from integrations.national import fields
from units.access import agency_by_id
from units.models import StaffRole

DATE_FORMAT = fields.DATE_FORMAT


def portal_date(moment):
    return timezone.localtime(moment).strftime(DATE_FORMAT) if moment else ""


def _documents(dossier):
    rows = []
    for doc in dossier.documents.all():
        if doc.source == DossierDocument.Source.RESULT:
            continue
        rows.append({
            "TepDinhKemId": str(doc.pk),
            "TenTepDinhKem": doc.component_name[:300],
            "TenTaiLieu": doc.component_name[:300],  # the name earlier records used
            "MaSoHoa": doc.digitisation_code,
            "DuocSoHoa": 1 if doc.digitisation_code else 0,
            "DuocTaiSuDung": 1 if doc.reused else 0,
            "DuocLayTuKhoDMQG": 1 if doc.from_store else 0,
            "CoTepDienTu": 1 if _attached(doc) else 0,
        })
    return rows


def _attached(doc):
    """A component held as an electronic file (766 indicator 4.2)."""
    return bool(doc.file) or bool(doc.digitisation_code) or doc.electronic


def _fees(dossier):
    return [{"TenPhiLePhi": line.description[:300], "MaPhiLePhi": str(line.fee_id or ""),
             "Gia": line.amount, "MucPhi": line.amount,  # MucPhi: the name earlier records used
             "LoaiPhiLePhi": fields.FEE_KIND_CODES.get(line.kind, 1),
             "MienGiam": 1 if line.exempt else 0,
             "HinhThucThu": (fields.FEE_ONLINE if line.paid_online else fields.FEE_COUNTER)
             if line.paid_at else None,
             "NgayThanhToan": portal_date(line.paid_at)}
            for line in FeeLine.objects.filter(dossier=dossier).order_by("pk")]


def _supplements(dossier):
    return [{"NguoiYeuCauBoSung": "", "NoiDungBoSung": p.reason[:500],
             "NgayBoSung": portal_date(p.started_at),
             "NgayTiepNhanBoSung": portal_date(p.ended_at),
             "TrangThaiBoSung": 1 if p.ended_at else 0,
             "NgayHenTraTruoc": portal_date(p.due_before),
             "NgayHenTraMoi": portal_date(p.due_after)}
            for p in dossier.pauses.filter(kind="supplement").order_by("started_at")]


def _results(dossier):
    """DanhSachGiayToKetQua: the electronic results on the dossier (signed here, or recorded
    by a previous system): where MotCua signed it, the link that downloads the signed file
    (the person gets it on the national portal) and the public verification link."""
    from results.models import Result

    signed = {r.number: r for r in Result.objects.filter(dossier=dossier)}
    rows = []
    for doc in dossier.documents.filter(source=DossierDocument.Source.RESULT).order_by("pk"):
        result = signed.get(doc.digitisation_code)
        rows.append({
            "TenGiayTo": doc.component_name.removeprefix(RESULT_DOCUMENT_PREFIX)[:300],
            "MaGiayToKetQua": doc.digitisation_code, "GiayToId": str(doc.pk),
            fields.RESULT_LINK: result.download_url() if result else "",
            fields.RESULT_VERIFY_LINK: result.verification_url() if result else "",
            "DuocLuuKhoDMQG": 1 if doc.from_store else 0,
            "ThuHoi": 1 if result and result.revoked_at else 0})
    return rows


def _payment_requests(dossier):
    """What the person is asked to pay on the national payment platform (only for a dossier
    filed on the portal: others pay at the counter or on MotCua's portal)."""
    from payments.contrib.national import NATIONAL
    from payments.models import Payment

    if not dossier.national_reference:
        return []
    states = {Payment.Status.PENDING: fields.PAYMENT_WAITING,
              Payment.Status.PAID: fields.PAYMENT_PAID,
              Payment.Status.CANCELLED: fields.PAYMENT_CANCELLED}
    return [{"MaThanhToan": p.reference, "MaHoSo": dossier.national_reference,
             "MaTTHC": dossier.procedure.code, "MaDonVi": dossier.agency.code,
             "SoTien": p.amount, "TrangThaiThanhToan": states.get(p.status),
             "NgayYeuCau": portal_date(p.created_at), "NgayThanhToan": portal_date(p.paid_at),
             fields.TRANSACTION: p.transaction_id, "SoBienLai": p.receipt_number or "",
             "PhiLePhi": [{"LoaiPhiLePhi": fields.FEE_KIND_CODES.get(line.kind, 1),
                           "MaPhiLePhi": str(line.fee_id or ""),
                           "TenPhiLePhi": line.description[:300], "SoTien": line.amount}
                          for line in p.lines.all()]}
            for p in Payment.objects.filter(dossier=dossier, provider=NATIONAL.name)
            .prefetch_related("lines").order_by("pk")]


def portal_code(dossier):
    """The dossier's MaHoSo towards the portal: the portal's own reference for a dossier
    filed there, MotCua's code otherwise."""
    return dossier.national_reference or dossier.code


def _refused_at(dossier):
    return portal_date(dossier.finished_at) if dossier.status == t.REFUSED else ""


def dossier_record(dossier):
    """The DongBoHoSoMC record of the dossier as it is now (without its version)."""
    documents = _documents(dossier)
    record = {
        "MaHoSo": portal_code(dossier),
        "MaTTHC": dossier.procedure.code,
        "TenTTHC": dossier.procedure.name[:500],
        "DonViXuLy": dossier.agency.code,
        "TenDonViXuLy": dossier.agency.name,
        "NoiTiepNhan": dossier.service_center.code,
        "NoiNopHoSo": dossier.service_center.code,
        "KenhThucHien": int(dossier.channel),
        "LoaiDoiTuong": int(dossier.applicant_type),
        "ChuHoSo": dossier.applicant_name,
        "SoGiayToChuHoSo": dossier.applicant_id_number,
        "DinhDanhCHS": [{"LoaiDinhDanh": 1, "SoDinhDanh": dossier.applicant_id_number}]
        if dossier.applicant_id_number else [],
        "SoDienThoai": dossier.applicant_phone,
        "Email": dossier.applicant_email,
        "DiaChi": dossier.applicant_address,
        "TrichYeuHoSo": dossier.summary,
        "NgayNopHoSo": portal_date(dossier.submitted_at),
        "NgayTiepNhan": portal_date(dossier.received_at),
        "NgayHenTra": portal_date(dossier.due_at),
        "NgayHenTraLanDau": portal_date(dossier.first_due_at),
        "NgayKetThucXuLy": portal_date(dossier.finished_at),
        "NgayTuChoi": _refused_at(dossier),
        "NgayTra": portal_date(dossier.returned_at),
        "HinhThuc": fields.RETURN_CODES.get(dossier.return_method),
        "TrangThaiHoSo": t.NATIONAL_CODE[dossier.status],
        "KetQuaXuLy": dossier.result,
        "TaiKhoanDuocXacThucVoiVNeID": 1 if dossier.vneid_authenticated else 0,
        "DSKetNoiCSDL": fields.consulted_records(dossier.consulted),
        "HoSoCoThanhPhanSoHoa": 1 if any(d["CoTepDienTu"] for d in documents) else 0,
        "TaiLieuNop": documents,
        "DanhSachLePhi": _fees(dossier),
        "DuocThanhToanTrucTuyen": (dossier.payment_platform or 1) if dossier.paid_online
        else fields.NOT_PAID_ONLINE,
        "DanhSachHoSoBoSung": _supplements(dossier),
        "DanhSachGiayToKetQua": _results(dossier),
    }
    if dossier.national_reference:
        record[fields.LOCAL_CODE] = dossier.code
        record[fields.PAYMENT_REQUESTS] = _payment_requests(dossier)
    return record


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
    record = {
        "MaHoSo": portal_code(dossier),
        "SoThuTu": event.seq,
        "NguoiXuLy": event.actor_name or ROLE_TITLES.get(event.role, ""),
        "ChucDanh": ROLE_TITLES.get(event.role, event.role),
        "MaDonViXuLy": agency.code if agency else dossier.agency.code,
        "TenDonViXuLy": agency.name if agency else dossier.agency.name,
        "ThoiDiemXuLy": portal_date(event.at),
        "NoiDungXuLy": what[:1000],
        "PhongBanXuLy": agency.name if agency else dossier.agency.name,
        "TrangThaiHoSo": t.NATIONAL_CODE[event.to_status],
        "TrangThai": t.NATIONAL_CODE[event.to_status],
        "NgayBatDau": portal_date(event.at),
        "HanXuLyBuoc": portal_date(event.step_due_at),
        "NgayKetThucTheoQuyDinh": portal_date(event.step_due_at),
    }
    if event.action == "request_supplement":
        # What is missing and why, so the person answers on the portal.
        record[fields.MISSING] = list(event.data.get("missing") or [])
        record[fields.MISSING_REASON] = event.note[:1000]
    return record
