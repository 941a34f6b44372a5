"""A local stand-in for the National Public Service Portal, for the demo and the tests.

It validates what it is sent as the portal would, keeps it (in memory), and can be told to
misbehave: answer slowly, fail with 5xx, answer only after the client gave up (the record is
kept: the client must not duplicate it when it retries), or reject a field. It also counts what
the real portal would hold against a sender: a record created twice, a step received twice or
out of order.

    python manage.py national_portal_simulator --port 8790

Control: POST /_control {"mode": "ok" | "slow" | "fail" | "timeout" | "reject",
"delay": seconds, "field": name (reject), "count": requests affected (default: until changed),
"scope": "all" | "services" | "files" (which requests the fault meets),
"push_url", "push_secret" (push the feed there instead of waiting to be pulled)};
GET /_records gives what it holds.

It also plays the person filing on the national portal (the citizen interface, not subject to
the faults above):

    POST /_citizen/dossiers             file a dossier: MaTTHC, MaDonVi, ChuHoSo,
                                        SoGiayToChuHoSo, SoDienThoai, Email, DiaChi,
                                        LoaiDoiTuong, TrichYeuHoSo, DuLieuBieuMau (form data),
                                        DanhSachLePhi, TaiLieuNop [{TenTepDinhKem, DuLieuTep:
                                        base64}] -> {"MaHoSo": the portal's reference}
    POST /_citizen/dossiers/{MaHoSo}/supplement  {TaiLieuNop, NoiDung}
    POST /_citizen/dossiers/{MaHoSo}/pay         {MaThanhToan (default: the one waiting)}
    POST /_citizen/dossiers/{MaHoSo}/withdraw    {LyDo}
    GET  /_citizen/dossiers/{MaHoSo}    what the person sees: the latest status, the steps,
                                        open requests, the result links

Each of these becomes an event of the feed MotCua pulls (LayHoSoMoi from a position, then
XacNhanHoSo per event) or has pushed to it; files are served by link under /_files/. The
national payment platform's side: a payment made here is in the feed, and TraCuuThanhToan
answers for it.
"""

import base64
import hashlib
import hmac
import itertools
import json
import re
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

DATE = re.compile(r"^\d{14}$")
DOSSIER_DATES = ("NgayNopHoSo", "NgayTiepNhan", "NgayHenTra", "NgayKetThucXuLy", "NgayTra")



def _json_bytes(value):
    """UTF-8 JSON as the portal sends it; with \\u escapes when the text holds what UTF-8
    cannot carry (half a surrogate pair a citizen's client sent), as JSON allows."""
    try:
        return json.dumps(value, ensure_ascii=False).encode()
    except UnicodeEncodeError:
        return json.dumps(value).encode()


class PortalState:
    def __init__(self, token=""):
        self.lock = threading.Lock()
        self.token = token
        self.dossiers = {}  # MaHoSo -> latest record
        self.creates = {}  # MaHoSo -> how many times it was created (must be 1)
        self.updates = {}  # MaHoSo -> updates applied
        self.steps = {}  # MaHoSo -> [step records in arrival order]
        self.violations = []  # what a real portal would hold against the sender
        self.requests = 0
        self.procedures = []  # what LayThuTuc serves
        self.mode, self.delay, self.field, self.count = "ok", 0.0, "", None
        self.scope = "all"  # faults meet "all" requests, only "services", or only "files"
        # The person's side: what was filed here, the feed of events, acknowledgements,
        # files served by link, payments made on the national payment platform.
        self.url = ""
        self.filed = {}  # MaHoSo -> the filing as the person sent it (files by link)
        self.feed = []  # events, in order; an event's ViTri is its place (1, 2, ...)
        self.acks = {}  # MaSuKien -> the acknowledgement MotCua sent
        self.files = {}  # file id -> bytes
        self.paid = {}  # MaThanhToan -> {SoTien, MaGiaoDich, NgayThanhToan}
        self.push_url, self.push_secret = "", ""
        self._numbers = itertools.count(1)
        self._pushed = 0  # events of the feed delivered by push so far

    def control(self, mode=None, delay=None, field=None, count=None, push_url=None,
                push_secret=None, scope=None):
        with self.lock:
            if mode is not None:
                self.mode, self.delay = mode, float(delay or 0)
                self.field, self.count = field or "", count
                self.scope = scope or "all"
            if push_url is not None:
                self.push_url = push_url
            if push_secret is not None:
                self.push_secret = push_secret

    def _fault(self, kind="services"):
        """The fault this request (of "services" or "files") meets, and counts it down."""
        with self.lock:
            self.requests += 1
            if self.scope not in ("all", kind):
                return "ok", 0.0, ""
            mode = self.mode
            if mode != "ok" and self.count is not None:
                self.count -= 1
                if self.count <= 0:
                    self.mode, self.count = "ok", None
            return mode, self.delay, self.field

    # ------------------------------------------------------------------ services

    def dossier(self, body):
        data = body.get("data")
        if not isinstance(data, list) or len(data) != 1 or not isinstance(data[0], dict):
            return {"error_code": 1, "message": "data phải là danh sách một hồ sơ"}
        record, update = data[0], bool(body.get("isUpdating"))
        problem = _check_dossier(record)
        if problem:
            return {"error_code": 1, "message": problem}
        code = record["MaHoSo"]
        with self.lock:
            held = self.dossiers.get(code)
            if not update:
                if held is not None:
                    return {"error_code": 2, "message": f"Hồ sơ {code} đã tồn tại"}
                self.dossiers[code] = record
                self.creates[code] = self.creates.get(code, 0) + 1
                return {"error_code": 0, "message": "Đồng bộ thành công"}
            if held is None:
                return {"error_code": 3, "message": f"Không tìm thấy hồ sơ {code}"}
            if record["PhienBan"] <= held["PhienBan"]:
                if record != held and record["PhienBan"] == held["PhienBan"]:
                    self.violations.append(f"{code}: phiên bản {record['PhienBan']} khác nội dung")
                elif record["PhienBan"] < held["PhienBan"]:
                    self.violations.append(f"{code}: phiên bản {record['PhienBan']} đến sau "
                                           f"{held['PhienBan']}")
                return {"error_code": 0, "message": "Đã có phiên bản này"}
            self.dossiers[code] = record
            self.updates[code] = self.updates.get(code, 0) + 1
            return {"error_code": 0, "message": "Cập nhật thành công"}

    def step(self, body):
        data = body.get("data")
        if not isinstance(data, list) or len(data) != 1 or not isinstance(data[0], dict):
            return {"error_code": 1, "message": "data phải là danh sách một bước xử lý"}
        record = data[0]
        problem = _check_step(record)
        if problem:
            return {"error_code": 1, "message": problem}
        code = record["MaHoSo"]
        with self.lock:
            if code not in self.dossiers:
                return {"error_code": 3, "message": f"Không tìm thấy hồ sơ {code}"}
            steps = self.steps.setdefault(code, [])
            if any(s["SoThuTu"] == record["SoThuTu"] for s in steps):
                return {"error_code": 2, "message": "Bước xử lý đã được cập nhật"}
            if steps and record["SoThuTu"] != steps[-1]["SoThuTu"] + 1 or \
                    not steps and record["SoThuTu"] != 1:
                self.violations.append(f"{code}: bước {record['SoThuTu']} đến sai thứ tự")
            steps.append(record)
            return {"error_code": 0, "message": "Cập nhật tiến độ thành công"}

    def catalog(self, body):
        return {"error_code": 0, "message": "", "data": self.procedures}

    def new_records(self, body):
        """LayHoSoMoi: the feed after position ViTri, at most SoLuong events."""
        try:
            after = int(body.get("ViTri") or 0)
            limit = max(1, min(int(body.get("SoLuong") or 100), 500))
        except (TypeError, ValueError):
            return {"error_code": 1, "message": "ViTri và SoLuong phải là số"}
        with self.lock:
            page = self.feed[after:after + limit]
        return {"error_code": 0, "message": "", "data": page,
                "ViTriTiepTheo": str(after + len(page))}

    def acknowledgement(self, body):
        """XacNhanHoSo: what became of each event; the same event acknowledged twice must
        get the same answer."""
        data = body.get("data")
        if not isinstance(data, list) or not data:
            return {"error_code": 1, "message": "data phải là danh sách xác nhận"}
        with self.lock:
            known = {e["MaSuKien"] for e in self.feed}
            for ack in data:
                if not isinstance(ack, dict) or ack.get("MaSuKien") not in known \
                        or ack.get("KetQua") not in (0, 1):
                    return {"error_code": 1, "message": "Xác nhận không hợp lệ"}
                self._ack(ack)
        return {"error_code": 0, "message": "Đã ghi nhận"}

    def _ack(self, ack):
        held = self.acks.get(ack["MaSuKien"])
        if held is not None and (held["KetQua"], held.get("MaHoSoDonVi")) != \
                (ack["KetQua"], ack.get("MaHoSoDonVi")):
            self.violations.append(f"sự kiện {ack['MaSuKien']}: hai xác nhận khác nhau")
        self.acks[ack["MaSuKien"]] = ack

    def payment_lookup(self, body):
        with self.lock:
            found = self.paid.get(body.get("MaThanhToan"))
        return {"error_code": 0, "message": "", "data": found or {}}

    # ------------------------------------------------------------------ the person

    def _event(self, kind, reference, data):
        with self.lock:
            position = len(self.feed) + 1
            event = {"MaSuKien": f"SK{position:08d}", "ViTri": str(position),
                     "LoaiSuKien": kind, "MaHoSo": reference,
                     "ThoiDiem": time.strftime("%Y%m%d%H%M%S"), "DuLieu": data}
            self.feed.append(event)
        return event

    def _files_by_link(self, items):
        """TaiLieuNop with inline files (DuLieuTep, base64) turned into links to /_files/."""
        if items in (None, ""):
            return []
        if not isinstance(items, list):
            raise ValueError("TaiLieuNop phải là danh sách")
        out = []
        for item in items:
            if not isinstance(item, dict):
                raise ValueError("Mỗi giấy tờ là một đối tượng")
            item = dict(item)
            content = item.pop("DuLieuTep", None)
            if content is not None:
                try:
                    data = base64.b64decode(content, validate=True)
                except (ValueError, TypeError):
                    raise ValueError("DuLieuTep phải là base64") from None
                file_id = hashlib.sha256(data).hexdigest()[:32]
                with self.lock:
                    self.files[file_id] = data
                item["TepDinhKemId"] = file_id
                item["DuongDanTaiTepTin"] = f"{self.url}/_files/{file_id}"
            out.append(item)
        return out

    def citizen_file(self, body):
        for field in ("MaTTHC", "MaDonVi", "ChuHoSo"):
            if not isinstance(body.get(field), str) or not body[field].strip():
                return 400, {"error_code": 1, "message": f"Trường {field} là bắt buộc"}
        try:
            documents = self._files_by_link(body.get("TaiLieuNop"))
        except ValueError as exc:
            return 400, {"error_code": 1, "message": str(exc)}
        reference = f"G22.99-{time.strftime('%y%m%d')}-{next(self._numbers):06d}"
        record = {**body, "MaHoSo": reference, "KenhThucHien": 2,
                  "TaiKhoanDuocXacThucVoiVNeID": body.get("TaiKhoanDuocXacThucVoiVNeID", 1),
                  "NgayNopHoSo": time.strftime("%Y%m%d%H%M%S"), "TaiLieuNop": documents}
        with self.lock:
            self.filed[reference] = record
        self._event("NopHoSo", reference, record)
        return 200, {"MaHoSo": reference}

    def citizen_act(self, reference, what, body):
        with self.lock:
            known = reference in self.filed
        if not known:
            return 404, {"error_code": 404, "message": f"Không có hồ sơ {reference}"}
        if what == "supplement":
            try:
                documents = self._files_by_link(body.get("TaiLieuNop"))
            except ValueError as exc:
                return 400, {"error_code": 1, "message": str(exc)}
            if not documents:
                return 400, {"error_code": 1, "message": "Đính kèm giấy tờ bổ sung"}
            event = self._event("BoSungHoSo", reference, {
                "TaiLieuNop": documents, "NoiDung": body.get("NoiDung", "")})
        elif what == "withdraw":
            event = self._event("RutHoSo", reference, {"LyDo": body.get("LyDo", "")})
        elif what == "pay":
            waiting = [r for r in self._record(reference).get("DanhSachYeuCauThanhToan") or []
                       if r.get("TrangThaiThanhToan") == 0 and r["MaThanhToan"] not in self.paid]
            chosen = [r for r in waiting if r["MaThanhToan"] == body.get("MaThanhToan")] \
                if body.get("MaThanhToan") else waiting[:1]
            if not chosen:
                return 409, {"error_code": 409, "message": "Không có khoản nào chờ thanh toán"}
            request = chosen[0]
            paid = {"MaThanhToan": request["MaThanhToan"],
                    "SoTien": body.get("SoTien", request["SoTien"]),
                    "MaGiaoDich": f"PAYGOV{next(self._numbers):010d}",
                    "NgayThanhToan": time.strftime("%Y%m%d%H%M%S"),
                    "NguoiNop": self.filed[reference].get("ChuHoSo", "")}
            with self.lock:
                self.paid[request["MaThanhToan"]] = paid
            if body.get("notify", True) is False:  # the notification is lost
                return 200, {"MaGiaoDich": paid["MaGiaoDich"]}
            event = self._event("ThanhToan", reference, paid)
            return 200, {"MaGiaoDich": paid["MaGiaoDich"], "MaSuKien": event["MaSuKien"]}
        else:
            return 404, {"error_code": 404, "message": "Không có thao tác này"}
        return 200, {"MaSuKien": event["MaSuKien"]}

    def _record(self, reference):
        with self.lock:
            return dict(self.dossiers.get(reference) or {})

    def citizen_view(self, reference):
        """What the person sees of their dossier on the portal."""
        with self.lock:
            filed = self.filed.get(reference)
            record = dict(self.dossiers.get(reference) or {})
            steps = list(self.steps.get(reference) or [])
            taken = next((self.acks.get(e["MaSuKien"]) for e in self.feed
                          if e["MaHoSo"] == reference and e["LoaiSuKien"] == "NopHoSo"), None)
        if filed is None:
            return 404, {"error_code": 404, "message": f"Không có hồ sơ {reference}"}
        status = record.get("TrangThaiHoSo", 1)
        last_request = next((s for s in reversed(steps) if s.get("TrangThai") == 5), None)
        return 200, {
            "MaHoSo": reference, "MaHoSoDonVi": record.get("MaHoSoDonVi", ""),
            "TiepNhan": taken and {"KetQua": taken["KetQua"], "LyDo": taken.get("LyDo", "")},
            "TrangThaiHoSo": status, "TenTrangThai": STATUS_NAMES.get(status, ""),
            "CacTrangThai": [s["TrangThai"] for s in steps],
            "CacBuoc": [{k: s.get(k) for k in ("SoThuTu", "ThoiDiemXuLy", "NoiDungXuLy",
                                                "TrangThai", "NguoiXuLy")} for s in steps],
            "YeuCauBoSung": {"LyDo": last_request.get("LyDoBoSung", ""),
                             "DanhSachGiayTo": last_request.get("DanhSachGiayToBoSung", [])}
            if status == 5 and last_request else None,
            "YeuCauThanhToan": [r for r in record.get("DanhSachYeuCauThanhToan") or []
                                if r.get("TrangThaiThanhToan") == 0],
            "KetQua": [{"TenGiayTo": r.get("TenGiayTo"),
                        "DuongDan": r.get("DuongDanTepTinKetQua"),
                        "DuongDanXacThuc": r.get("DuongDanXacThuc")}
                       for r in record.get("DanhSachGiayToKetQua") or []],
            "NgayTra": record.get("NgayTra", ""), "HinhThuc": record.get("HinhThuc"),
        }

    # ------------------------------------------------------------------ push

    def push_pending(self):
        """Deliver the feed's next events to push_url, in order, signed; an event counts as
        delivered only once MotCua answered it (its answer is the acknowledgement)."""
        with self.lock:
            url, secret = self.push_url, self.push_secret
            events = self.feed[self._pushed:self._pushed + 20]
        if not url or not events:
            return 0
        done = 0
        for event in events:
            body = _json_bytes(event)
            stamp = int(time.time())
            mac = hmac.new(secret.encode(), f"{stamp}.".encode() + body, hashlib.sha256)
            request = urllib.request.Request(url, data=body, method="POST", headers={
                "Content-Type": "application/json; charset=utf-8",
                "X-MotCua-Signature": f"t={stamp},v1={mac.hexdigest()}"})
            try:
                with urllib.request.urlopen(request, timeout=10) as response:
                    answer = json.loads(response.read().decode() or "{}")
            except (urllib.error.URLError, OSError, ValueError):
                return done  # tried again at the next round, in order
            with self.lock:
                for ack in answer.get("data") or []:
                    self._ack(ack)
                self._pushed += 1
            done += 1
        return done

    def summary(self):
        with self.lock:
            return {"filed": len(self.filed), "events": len(self.feed),
                    "acknowledged": len(self.acks),
                    "dossiers": len(self.dossiers), "creates": sum(self.creates.values()),
                    "updates": sum(self.updates.values()),
                    "steps": sum(len(s) for s in self.steps.values()),
                    "violations": list(self.violations), "requests": self.requests,
                    "mode": self.mode}


def _check_dossier(record):
    for field, kind in (("MaHoSo", str), ("MaTTHC", str), ("DonViXuLy", str),
                        ("KenhThucHien", int), ("TrangThaiHoSo", int), ("PhienBan", int),
                        ("NgayNopHoSo", str)):
        if not isinstance(record.get(field), kind) or record.get(field) in ("", None):
            return f"Trường {field} thiếu hoặc không hợp lệ"
    if record["KenhThucHien"] not in (1, 2, 3):
        return "Trường KenhThucHien không hợp lệ"
    if not 1 <= record["TrangThaiHoSo"] <= 10:
        return "Trường TrangThaiHoSo không hợp lệ"
    for field in DOSSIER_DATES:
        value = record.get(field)
        if value not in (None, "") and not (isinstance(value, str) and DATE.match(value)):
            return f"Trường {field} phải có dạng yyyyMMddHHmmss"
    return ""


def _check_step(record):
    for field, kind in (("MaHoSo", str), ("SoThuTu", int), ("TrangThaiHoSo", int),
                        ("ThoiDiemXuLy", str), ("NoiDungXuLy", str)):
        if not isinstance(record.get(field), kind) or record.get(field) in ("", None):
            return f"Trường {field} thiếu hoặc không hợp lệ"
    if not DATE.match(record["ThoiDiemXuLy"]):
        return "Trường ThoiDiemXuLy phải có dạng yyyyMMddHHmmss"
    return ""


SERVICES = {"/DongBoHoSoMC": PortalState.dossier, "/CapNhatTienDoHoSoMC": PortalState.step,
            "/LayThuTuc": PortalState.catalog, "/LayHoSoMoi": PortalState.new_records,
            "/XacNhanHoSo": PortalState.acknowledgement,
            "/TraCuuThanhToan": PortalState.payment_lookup}
CITIZEN = re.compile(r"^/_citizen/dossiers(?:/(?P<ref>[^/]+)(?:/(?P<what>[a-z]+))?)?$")
STATUS_NAMES = {1: "Mới đăng ký", 2: "Được tiếp nhận", 3: "Không được tiếp nhận",
                4: "Đang xử lý", 5: "Yêu cầu bổ sung giấy tờ",
                6: "Yêu cầu thực hiện nghĩa vụ tài chính", 7: "Công dân yêu cầu rút hồ sơ",
                8: "Dừng xử lý", 9: "Đã xử lý xong", 10: "Đã trả kết quả"}


class Handler(BaseHTTPRequestHandler):
    server_version = "DVCQG-simulator/1"

    def log_message(self, fmt, *args):  # quiet: the tests send thousands of requests
        pass

    def _answer(self, status, body):
        data = _json_bytes(body)
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting (the "timeout" fault)

    def do_GET(self):
        state = self.server.state
        if self.path == "/_records":
            return self._answer(200, state.summary())
        citizen = CITIZEN.match(self.path)
        if citizen and citizen["ref"] and not citizen["what"]:
            return self._answer(*state.citizen_view(citizen["ref"]))
        if self.path.startswith("/_files/"):
            return self._file(self.path.removeprefix("/_files/"))
        return self._answer(404, {"error_code": 404, "message": "Không có dịch vụ này"})

    def _file(self, file_id):
        state = self.server.state
        if state.token and self.headers.get("Authorization") != f"Bearer {state.token}":
            return self._answer(401, {"error_code": 401, "message": "Sai thông tin xác thực"})
        mode, delay, _ = state._fault("files")
        if mode == "fail":
            return self._answer(503, {"error_code": 503, "message": "Hệ thống đang bận"})
        if mode in ("slow", "timeout"):
            time.sleep(delay)
        data = state.files.get(file_id)
        if data is None:
            return self._answer(404, {"error_code": 404, "message": "Không có tệp này"})
        try:
            self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def do_POST(self):
        state = self.server.state
        length = int(self.headers.get("Content-Length") or 0)
        try:
            body = json.loads(self.rfile.read(length).decode() or "{}")
        except ValueError:
            return self._answer(400, {"error_code": 1, "message": "Nội dung không phải JSON"})
        if not isinstance(body, dict):
            return self._answer(400, {"error_code": 1, "message": "Nội dung phải là đối tượng"})
        if self.path == "/_control":
            state.control(**{k: body[k] for k in ("mode", "delay", "field", "count",
                                                  "push_url", "push_secret", "scope")
                              if k in body})
            return self._answer(200, state.summary())
        citizen = CITIZEN.match(self.path)
        if citizen:
            if citizen["ref"] is None:
                return self._answer(*state.citizen_file(body))
            return self._answer(*state.citizen_act(citizen["ref"], citizen["what"] or "",
                                                   body))
        service = SERVICES.get(self.path)
        if service is None:
            return self._answer(404, {"error_code": 404, "message": "Không có dịch vụ này"})
        if state.token and self.headers.get("Authorization") != f"Bearer {state.token}":
            return self._answer(401, {"error_code": 401, "message": "Sai thông tin xác thực"})
        mode, delay, field = state._fault()
        if mode == "fail":
            return self._answer(503, {"error_code": 503, "message": "Hệ thống đang bận"})
        if mode in ("slow", "timeout"):
            time.sleep(delay)
        if mode == "reject" and isinstance(body.get("data"), list) and body["data"] \
                and isinstance(body["data"][0], dict) and field in body["data"][0]:
            return self._answer(200, {"error_code": 1,
                                      "message": f"Trường {field} không hợp lệ"})
        return self._answer(200, service(state, body))


class Simulator:
    """The simulator on 127.0.0.1 in a thread: `url`, `state`, `stop()`."""

    def __init__(self, port=0, token="", host="127.0.0.1"):
        # 127.0.0.1 unless told: a container answers its neighbours on its own address.
        self.server = ThreadingHTTPServer((host, port), Handler)
        self.server.daemon_threads = True
        self.server.state = self.state = PortalState(token)
        self.url = self.state.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self._stopping = threading.Event()
        self.pusher = threading.Thread(target=self._push_loop, daemon=True)
        self.pusher.start()

    def _push_loop(self):
        while not self._stopping.wait(0.2):
            try:
                self.state.push_pending()
            except Exception:  # a push round that failed is tried again
                pass

    def stop(self):
        self._stopping.set()
        self.server.shutdown()
        self.server.server_close()
