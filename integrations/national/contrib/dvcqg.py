"""The national portal's HTTP interface: JSON over HTTPS with a bearer token.

Endpoint, token and the province's unit identifier come from settings
(MOTCUA_DVCQG_URL, MOTCUA_DVCQG_TOKEN, MOTCUA_DVCQG_UNIT). The service names are the
portal's (DongBoHoSoMC, CapNhatTienDoHoSoMC, LayThuTuc); the envelope (`MaDonViGui`, `isUpdating`,
`data`) and the error codes below are as the local simulator implements them, to verify
against the integration specification the portal gives each province.
"""

import json
import socket
import urllib.error
import urllib.request

from integrations.national.base import DONE, FAILED, RETRY, NationalPortal, Outcome

OK = 0
INVALID = 1  # a field is missing or wrong: permanent until the data is corrected
EXISTS = 2  # the record is already there: send it as an update (or, for a step, done)
UNKNOWN_DOSSIER = 3  # a step for a dossier the portal does not hold yet: retry


class DVCQGPortal(NationalPortal):
    name = "dvcqg"

    def __init__(self, url, token="", unit_code="", timeout=10):
        self.url, self.token, self.unit_code = url.rstrip("/"), token, unit_code
        self.timeout = float(timeout)

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
        except (TimeoutError, socket.timeout):
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

    def procedures(self, updated_since=None):
        answer, failure = self._post("LayThuTuc", {
            "MaDonViGui": self.unit_code,
            "TuNgay": updated_since.strftime("%Y%m%d%H%M%S") if updated_since else ""})
        if failure is not None:
            raise ConnectionError(failure.message)
        if answer.get("error_code") != OK:
            raise ConnectionError(f"{answer.get('error_code')}: {answer.get('message')}")
        return answer.get("data") or []
