"""A local stand-in for the National Public Service Portal, for the demo and the tests.

It validates what it is sent as the portal would, keeps it (in memory), and can be told to
misbehave: answer slowly, fail with 5xx, answer only after the client gave up (the record is
kept: the client must not duplicate it when it retries), or reject a field. It also counts what
the real portal would hold against a sender: a record created twice, a step received twice or
out of order.

    python manage.py national_portal_simulator --port 8790

Control: POST /_control {"mode": "ok" | "slow" | "fail" | "timeout" | "reject",
"delay": seconds, "field": name (reject), "count": requests affected (default: until changed)};
GET /_records gives what it holds.
"""

import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

DATE = re.compile(r"^\d{14}$")
DOSSIER_DATES = ("NgayNopHoSo", "NgayTiepNhan", "NgayHenTra", "NgayKetThucXuLy", "NgayTra")


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

    def control(self, mode="ok", delay=0.0, field="", count=None):
        with self.lock:
            self.mode, self.delay, self.field, self.count = mode, float(delay), field, count

    def _fault(self):
        """The fault this request meets, and counts it down."""
        with self.lock:
            self.requests += 1
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

    def summary(self):
        with self.lock:
            return {"dossiers": len(self.dossiers), "creates": sum(self.creates.values()),
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
            "/LayThuTuc": PortalState.catalog}


class Handler(BaseHTTPRequestHandler):
    server_version = "DVCQG-simulator/1"

    def log_message(self, fmt, *args):  # quiet: the tests send thousands of requests
        pass

    def _answer(self, status, body):
        data = json.dumps(body, ensure_ascii=False).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting (the "timeout" fault)

    def do_GET(self):
        if self.path == "/_records":
            return self._answer(200, self.server.state.summary())
        return self._answer(404, {"error_code": 404, "message": "Không có dịch vụ này"})

    def do_POST(self):
        state = self.server.state
        length = int(self.headers.get("Content-Length") or 0)
        try:
            body = json.loads(self.rfile.read(length).decode() or "{}")
        except ValueError:
            return self._answer(400, {"error_code": 1, "message": "Nội dung không phải JSON"})
        if self.path == "/_control":
            state.control(**{k: body[k] for k in ("mode", "delay", "field", "count") if k in body})
            return self._answer(200, state.summary())
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

    def __init__(self, port=0, token=""):
        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.server.daemon_threads = True
        self.server.state = self.state = PortalState(token)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
