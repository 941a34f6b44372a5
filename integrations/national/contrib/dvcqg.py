"""The national portal's HTTP interface: JSON over HTTPS with a bearer token.

Endpoint, token and the province's unit identifier come from settings
(MOTCUA_DVCQG_URL, MOTCUA_DVCQG_TOKEN, MOTCUA_DVCQG_UNIT). The service names are the
portal's (DongBoHoSoMC, CapNhatTienDoHoSoMC, LayThuTuc); the envelope (`MaDonViGui`, `isUpdating`,
`data`) and the error codes below are as the local simulator implements them, to verify
against the integration specification the portal gives each province. So are the inbound
services: LayHoSoMoi (the feed of what was filed, from a position MotCua keeps), XacNhanHoSo
(the acknowledgement) and TraCuuThanhToan (a payment request's state on the national payment
platform). File links are followed only to the portal's own host (MOTCUA_DVCQG_FILE_HOSTS
adds others), never elsewhere: a link in a record must not make MotCua fetch an internal
address.
"""

import json
import urllib.error
import urllib.parse
import urllib.request

from django.utils.translation import gettext as _

from integrations.national.base import (
    DONE,
    FAILED,
    RETRY,
    FileRefused,
    NationalPortal,
    Outcome,
    Unavailable,
)

OK = 0
INVALID = 1  # a field is missing or wrong: permanent until the data is corrected
EXISTS = 2  # the record is already there: send it as an update (or, for a step, done)
UNKNOWN_DOSSIER = 3  # a step for a dossier the portal does not hold yet: retry


class DVCQGPortal(NationalPortal):
    name = "dvcqg"

    def __init__(self, url, token="", unit_code="", timeout=10, file_hosts=()):
        self.url, self.token, self.unit_code = url.rstrip("/"), token, unit_code
        self.timeout = float(timeout)
        own = urllib.parse.urlsplit(self.url)
        self.file_origins = {(own.scheme, own.netloc)} | {
            (urllib.parse.urlsplit(h).scheme or "https", urllib.parse.urlsplit(h).netloc or h)
            for h in file_hosts}

    def _post(self, service, body):
        data = json.dumps(body, ensure_ascii=False).encode()
        request = urllib.request.Request(
            f"{self.url}/{service}", data=data, method="POST",
            headers={"Content-Type": "application/json; charset=utf-8",
                     "Authorization": f"Bearer {self.token}"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                answer = json.loads(response.read().decode() or "{}")
        except urllib.error.HTTPError as exc:
            if exc.code >= 500 or exc.code == 429:
                return None, Outcome(RETRY, f"HTTP {exc.code}")
            return None, Outcome(FAILED, f"HTTP {exc.code}: {exc.read()[:300].decode(errors='replace')}")
        except TimeoutError:
            return None, Outcome(RETRY, "timeout")
        except (urllib.error.URLError, ConnectionError, OSError) as exc:
            return None, Outcome(RETRY, f"unreachable: {getattr(exc, 'reason', exc)}")
        except ValueError:
            return None, Outcome(RETRY, "the answer is not JSON")
        return answer, None

    def _outcome(self, answer, *, step=False):
        code, message = answer.get("error_code"), str(answer.get("message", ""))[:500]
        if code == OK:
            return Outcome(DONE, message)
        if code == EXISTS:
            return Outcome(DONE, message) if step else Outcome(RETRY, message, exists=True)
        if code == UNKNOWN_DOSSIER:
            return Outcome(RETRY, message)
        return Outcome(FAILED, f"{code}: {message}")

    def send_dossier(self, payload, *, update):
        answer, failure = self._post("DongBoHoSoMC", {
            "MaDonViGui": self.unit_code, "isUpdating": bool(update), "data": [payload]})
        return failure or self._outcome(answer)

    def send_progress(self, payload):
        answer, failure = self._post("CapNhatTienDoHoSoMC", {
            "MaDonViGui": self.unit_code, "data": [payload]})
        return failure or self._outcome(answer, step=True)

    def _call(self, service, body):
        """The answer's body when error_code is 0; Unavailable otherwise (the feed and the
        lookups are read again later, nothing is lost)."""
        answer, failure = self._post(service, {"MaDonViGui": self.unit_code, **body})
        if failure is not None:
            raise Unavailable(failure.message)
        if not isinstance(answer, dict) or answer.get("error_code") != OK:
            message = answer.get("message") if isinstance(answer, dict) else answer
            raise Unavailable(f"{service}: {message}"[:300])
        return answer

    def pull(self, cursor, limit):
        answer = self._call("LayHoSoMoi", {"ViTri": cursor or "", "SoLuong": int(limit)})
        data = answer.get("data")
        if not isinstance(data, list):
            raise Unavailable("LayHoSoMoi: data is not a list")
        return data, str(answer.get("ViTriTiepTheo") or cursor or "")

    def acknowledge(self, event_id, reference, *, taken, reason="", local_code=""):
        answer, failure = self._post("XacNhanHoSo", {"MaDonViGui": self.unit_code, "data": [{
            "MaSuKien": event_id, "MaHoSo": reference, "KetQua": 1 if taken else 0,
            "LyDo": reason[:1000], "MaHoSoDonVi": local_code}]})
        return failure or self._outcome(answer, step=True)

    def fetch_file(self, url, limit):
        parts = urllib.parse.urlsplit(url if isinstance(url, str) else "")
        if (parts.scheme, parts.netloc) not in self.file_origins:
            raise FileRefused(_("files are not fetched from outside the national portal: %(url)s")
                              % {"url": f"{url!s:.200}"})
        request = urllib.request.Request(url, headers={"Authorization": f"Bearer {self.token}"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                data = response.read(limit + 1)
        except urllib.error.HTTPError as exc:
            if exc.code >= 500 or exc.code == 429:
                raise Unavailable(f"HTTP {exc.code}") from None
            raise FileRefused(_("HTTP %(code)s fetching %(url)s") % {"code": exc.code,
                                                                     "url": f"{url!s:.200}"}) \
                from None
        except TimeoutError:
            raise Unavailable("timeout") from None
        except (urllib.error.URLError, ConnectionError, OSError) as exc:
            raise Unavailable(f"unreachable: {getattr(exc, 'reason', exc)}") from None
        if len(data) > limit:
            raise FileRefused(_("the file is larger than allowed"))
        return data

    def payment(self, reference):
        answer = self._call("TraCuuThanhToan", {"MaThanhToan": reference})
        data = answer.get("data")
        return data if isinstance(data, dict) and data.get("MaGiaoDich") else None

    def procedures(self, updated_since=None):
        answer, failure = self._post("LayThuTuc", {
            "MaDonViGui": self.unit_code,
            "TuNgay": updated_since.strftime("%Y%m%d%H%M%S") if updated_since else ""})
        if failure is not None:
            raise ConnectionError(failure.message)
        if answer.get("error_code") != OK:
            raise ConnectionError(f"{answer.get('error_code')}: {answer.get('message')}")
        return answer.get("data") or []
