"""Importing a previous system's dossiers in the national portal's format: row errors named,
nothing half-imported, twice changes nothing, and the dossiers count in the 766 index."""

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from dossiers.models import Dossier
from indicators import engine, periods
from motcua import test as cast
from units.models import Agency

pytestmark = pytest.mark.django_db

HONG_BANG = cast.commune_agency(cast.HONG_BANG)


def record(code, **changes):
    base = {
        "MaHoSo": code, "MaTTHC": "1.004884", "DonViXuLy": HONG_BANG, "KenhThucHien": 2,
        "LoaiDoiTuong": 1, "ChuHoSo": "Lê Văn Tám", "SoGiayToChuHoSo": "031085007788",
        "SoDienThoai": "0904123456", "DiaChi": "5 Lạch Tray, phường Lê Chân",
        "TrichYeuHoSo": "Đăng ký lại khai sinh cho con", "NgayNopHoSo": "20250303080000",
        "NgayTiepNhan": "20250303090000", "NgayHenTra": "20250310170000",
        "NgayKetThucXuLy": "20250307100000", "NgayTra": "20250308090000", "TrangThaiHoSo": 10,
        "XacThucVNeID": 1, "CSDLDaKhaiThac": ["Cơ sở dữ liệu quốc gia về dân cư"],
        "TaiLieuNop": [{"TenTaiLieu": "Tờ khai đăng ký lại khai sinh", "MaSoHoa": "",
                        "DuocSoHoa": 1, "DuocTaiSuDung": 0, "DuocLayTuKhoDMQG": 0},
                       {"TenTaiLieu": "Giấy tờ tùy thân", "MaSoHoa": "KQ.2024.118",
                        "DuocSoHoa": 1, "DuocTaiSuDung": 1, "DuocLayTuKhoDMQG": 1}],
        "DanhSachLePhi": [{"TenPhiLePhi": "Lệ phí đăng ký lại khai sinh", "MucPhi": 8000,
                           "LoaiPhiLePhi": 2, "MienGiam": 0, "NgayThanhToan": "20250303091500"}],
        "DuocThanhToanTrucTuyen": 1,
        "DanhSachHoSoBoSung": [],
        "QuaTrinhXuLy": [
            {"TrangThaiHoSo": 1, "ThoiDiemXuLy": "20250303080000", "NguoiXuLy": "Lê Văn Tám",
             "NoiDungXuLy": "Nộp hồ sơ trực tuyến", "MaDonViXuLy": HONG_BANG},
            {"TrangThaiHoSo": 2, "ThoiDiemXuLy": "20250303090000", "NguoiXuLy": "Vũ Đức Thắng",
             "NoiDungXuLy": "Tiếp nhận hồ sơ", "MaDonViXuLy": HONG_BANG},
            {"TrangThaiHoSo": 9, "ThoiDiemXuLy": "20250307100000", "NguoiXuLy": "Đỗ Quang Huy",
             "NoiDungXuLy": "Phê duyệt kết quả", "MaDonViXuLy": HONG_BANG},
            {"TrangThaiHoSo": 10, "ThoiDiemXuLy": "20250308090000",
             "NguoiXuLy": "Vũ Đức Thắng", "NoiDungXuLy": "Trả kết quả",
             "MaDonViXuLy": HONG_BANG}],
    }
    base.update(changes)
    return base


def run(tmp_path, records, **options):
    path = tmp_path / "hoso.json"
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_dossiers", str(path), stdout=out, stderr=err, **options)
        failed = False
    except CommandError:
        failed = True
    return out.getvalue(), err.getvalue(), failed


def test_dossiers_of_the_previous_system_are_imported_once_and_count(tmp_path):
    records = [
        record("000.11311.00.H26-250303-0001"),  # on time
        record("000.11311.00.H26-250303-0002", NgayKetThucXuLy="20250312100000",
               NgayTra="20250313090000",
               DanhSachHoSoBoSung=[{"NgayYeuCauBoSung": "20250304100000",
                                    "NgayTiepNhanBoSung": "20250305100000", "LyDo": "Thiếu"},
                                   {"NgayYeuCauBoSung": "20250306100000",
                                    "NgayTiepNhanBoSung": "20250306150000", "LyDo": "Thiếu"}]),
    ]
    out, err, failed = run(tmp_path, {"data": records})
    assert not failed and err == "" and "Đã nhập 2 hồ sơ" in out
    first = Dossier.objects.get(code="000.11311.00.H26-250303-0001")
    assert first.status == "returned" and first.channel == 2 and first.paid_online
    assert first.agency.code == HONG_BANG and first.vneid_authenticated
    assert [e.note for e in first.events.order_by("seq")][-1] == "Trả kết quả"
    assert first.documents.filter(from_store=True, reused=True).count() == 1
    assert first.documents.exclude(digitisation_code="").count() == 2
    assert first.fee_lines.get().amount == 8000
    assert first.national_sync.state == "synced"
    second = Dossier.objects.get(code="000.11311.00.H26-250303-0002")
    assert second.supplement_rounds == 2 and second.pauses.count() == 2

    # Twice: nothing changes.
    out, err, failed = run(tmp_path, records)
    assert not failed and "Đã nhập 0 hồ sơ; 2 đã có từ trước" in out
    assert Dossier.objects.filter(code__startswith="000.11311.00.H26-250303").count() == 2

    # They count in the index like native ones: one on time, one late (two supplements).
    hong_bang = Agency.objects.get(code=HONG_BANG)
    figures = {f["id"]: f for f in engine.compute(engine.scope_for(hong_bang),
                                                  periods.parse("2025-03"))["indicators"]}
    assert (figures["2.1"]["numerator"], figures["2.1"]["denominator"]) == (1, 2)
    assert (figures["3.6"]["numerator"], figures["3.6"]["denominator"]) == (2, 2)
    assert (figures["4.4"]["numerator"], figures["4.4"]["denominator"]) == (2, 2)
    assert (figures["4.5b"]["numerator"], figures["4.5b"]["denominator"]) == (2, 2)


def test_bad_rows_are_named_and_not_imported(tmp_path):
    records = [
        record("000.11311.00.H26-250303-0003"),
        record("000.11311.00.H26-250303-0004", MaTTHC="9.999999"),
        record("000.11311.00.H26-250303-0005", NgayTiepNhan="03/03/2025"),
        record("000.11311.00.H26-250303-0006", TrangThaiHoSo=42, ChuHoSo=""),
        record("000.11311.00.H26-250303-0003"),  # twice in the file
        "không phải hồ sơ",
    ]
    out, err, failed = run(tmp_path, records, check=True)
    assert "1 dòng hợp lệ" in out and not Dossier.objects.filter(
        code__startswith="000.11311.00.H26-250303").exists()
    out, err, failed = run(tmp_path, records)
    assert failed and "Đã nhập 1 hồ sơ" in out
    for expected in ("dòng 2 MaTTHC", "dòng 3 NgayTiepNhan", "dòng 4 TrangThaiHoSo",
                     "dòng 4 ChuHoSo", "dòng 5 MaHoSo", "dòng 6 :"):
        assert expected in err, expected
    assert list(Dossier.objects.filter(code__startswith="000.11311.00.H26-250303")
                .values_list("code", flat=True)) == ["000.11311.00.H26-250303-0003"]
    out, err, failed = run(tmp_path, {"khong": "dung"})
    assert failed and "danh sách hồ sơ" in err


def national(code, **changes):
    """A record in the national field names of DOMAIN.md §6 only."""
    base = {
        "MaHoSo": code, "MaTTHC": "1.004884", "DonViXuLy": HONG_BANG, "KenhThucHien": 2,
        "LoaiDoiTuong": 1, "ChuHoSo": "Phạm Thị Lan", "SoGiayToChuHoSo": "031190007788",
        "SoDienThoai": "0912000111", "TrichYeuHoSo": "Đăng ký lại khai sinh",
        "NgayNopHoSo": "20261005080000", "NgayTiepNhan": "20261005080000",
        "NgayHenTra": "20261012080000", "NgayKetThucXuLy": "20261007100000",
        "NgayTra": "20261007140000", "TrangThaiHoSo": 10, "HinhThuc": 3,
        "TaiKhoanDuocXacThucVoiVNeID": 0, "DSKetNoiCSDL": [], "HoSoCoThanhPhanSoHoa": 1,
        "TaiLieuNop": [{"TepDinhKemId": "1", "TenTepDinhKem": "Tờ khai đăng ký lại khai sinh",
                        "DuocSoHoa": 0, "DuocTaiSuDung": 0, "DuocLayTuKhoDMQG": 0}],
        "DanhSachLePhi": [{"TenPhiLePhi": "Lệ phí đăng ký lại khai sinh", "MaPhiLePhi": "LP01",
                           "HinhThucThu": 2, "Gia": 8000, "LoaiPhiLePhi": 2,
                           "NgayThanhToan": "20261005081500"}],
        "DuocThanhToanTrucTuyen": 1,
        "DanhSachGiayToKetQua": [{"TenGiayTo": "Giấy khai sinh (bản sao)",
                                  "MaGiayToKetQua": "KQ-000123", "DuongDanTepTinKetQua": ""}],
        "DanhSachHoSoBoSung": [],
    }
    base.update(changes)
    return base


def test_a_month_in_the_national_field_names_counts_by_the_national_rules(tmp_path, client,
                                                                          supervisor):
    prefix = "000.11311.00.H26-261005-"
    records = [
        # Online, paid online, electronic result: full online; population data by VNeID.
        national(prefix + "0001", TaiKhoanDuocXacThucVoiVNeID=1),
        # A supplement round of five working days: the first appointment 12/10 08:00 moves to
        # 19/10 08:00 for the index; ended 16/10: on time. Population data from the register.
        national(prefix + "0002", NgayKetThucXuLy="20261016100000", NgayTra="20261016140000",
                 NgayHenTra="20261020090000", DSKetNoiCSDL=[{"MaCSDL": "CSDLQGDC"}],
                 DanhSachHoSoBoSung=[{"NgayBoSung": "20261006090000",
                                      "NgayTiepNhanBoSung": "20261013090000",
                                      "NoiDungBoSung": "Bản sao không rõ nét",
                                      "NgayHenTraTruoc": "20261012080000",
                                      "NgayHenTraMoi": "20261020090000"}]),
        # Not paid online (3), at the counter, paper documents, no electronic result,
        # returned at the counter; a component from the data store (population data).
        national(prefix + "0003", KenhThucHien=1, DuocThanhToanTrucTuyen=3, HinhThuc=1,
                 HoSoCoThanhPhanSoHoa=0, DanhSachGiayToKetQua=[],
                 TaiLieuNop=[{"TenTepDinhKem": "Giấy tờ tùy thân", "DuocLayTuKhoDMQG": 1,
                              "DuocTaiSuDung": 1}],
                 DanhSachLePhi=[{"TenPhiLePhi": "Lệ phí", "Gia": 8000, "HinhThucThu": 1,
                                 "NgayThanhToan": "20261005083000"}]),
        # Refused at reception: never received, not counted.
        national(prefix + "0004", TrangThaiHoSo=3, NgayTiepNhan="", NgayHenTra="",
                 NgayKetThucXuLy="", NgayTra="", NgayTuChoi="20261005090000",
                 DanhSachGiayToKetQua=[], DanhSachLePhi=[], DuocThanhToanTrucTuyen=3),
    ]
    out, err, failed = run(tmp_path, records)
    assert not failed and err == "" and "Đã nhập 4 hồ sơ" in out
    assert "đánh giá" in out and "phản ánh, kiến nghị" in out  # what the record cannot carry
    second = Dossier.objects.get(code=prefix + "0002")
    pause = second.pauses.get()
    assert (second.first_due_at, second.due_at) == (pause.due_before, pause.due_after)
    assert second.index_due_at == timezone.make_aware(dt.datetime(2026, 10, 19, 8))
    assert second.consulted == ["Cơ sở dữ liệu quốc gia về dân cư"]
    assert second.warn_at is None and second.time_spent is not None
    refused = Dossier.objects.get(code=prefix + "0004")
    assert refused.status == "refused" and refused.finished_at is not None
    first = Dossier.objects.get(code=prefix + "0001")
    assert first.return_method == "online" and first.fee_lines.get().paid_online

    client.force_login(supervisor)
    body = client.get("/api/v1/indicators/766", {"unit": HONG_BANG, "period": "2026-10"}).json()
    f = {x["id"]: (x["numerator"], x["denominator"]) for x in body["indicators"]}
    assert f["2.1"] == (3, 3)
    assert f["3.1"] == (2, 3)  # 0001 and 0002; 0003 at the counter
    assert f["3.6"] == (2, 3)  # DuocThanhToanTrucTuyen 1 twice, 3 once
    assert f["3.5b"][0] == 1 and f["3.5a"][0] == 1
    assert f["4.1"] == (2, 3)  # 0003 has no electronic result
    assert f["4.2"] == (2, 3)  # components attached and the electronic result where due
    assert f["4.4"] == (1, 3)
    assert f["4.5b"] == (3, 3)  # VNeID, the population register, the data store
    assert f["4.5a"][0] == 1


def test_a_dossier_filed_on_the_national_portal_keeps_both_codes(tmp_path):
    """A record a one-stop system sent for a dossier filed on the national portal carries the
    portal's reference as MaHoSo and its own code as MaHoSoDonVi: both are kept."""
    rows = [record("G22.99-250303-000042", MaHoSoDonVi=f"{HONG_BANG}-250303-0042")]
    _, err, failed = run(tmp_path, rows)
    assert not failed, err
    dossier = Dossier.objects.get(code=f"{HONG_BANG}-250303-0042")
    assert dossier.national_reference == "G22.99-250303-000042"
    run(tmp_path, rows)  # twice: nothing more
    assert Dossier.objects.filter(national_reference="G22.99-250303-000042").count() == 1
