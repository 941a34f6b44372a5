"""The National Public Service Portal (Cổng Dịch vụ công quốc gia, DVCQG) as a plugin.

The portal takes each dossier's record (`DongBoHoSoMC`) and each step of its progress
(`CapNhatTienDoHoSoMC`), answers `{error_code, message}`, and publishes the procedure catalog
(`LayThuTuc`). A plugin turns a send into an Outcome the sync worker (sync/outbox.py) acts on:
done, retry later (timeouts, 5xx, the portal not ready), or failed for good with the reason.
"""

from dataclasses import dataclass

DONE, RETRY, FAILED = "done", "retry", "failed"


@dataclass(frozen=True)
class Outcome:
    result: str  # DONE, RETRY or FAILED
    message: str = ""
    exists: bool = False  # the portal already holds this record: send it as an update


class NationalPortal:
    name = ""

    def send_dossier(self, payload, *, update):
        """Send a DongBoHoSoMC record, as a new record or as an update of the one it holds."""
        raise NotImplementedError

    def send_progress(self, payload):
        """Send a CapNhatTienDoHoSoMC step; the same step (MaHoSo, SoThuTu) twice is one step."""
        raise NotImplementedError

    def procedures(self, updated_since=None):
        """The portal's procedures (LayThuTuc), as a list of its records."""
        raise NotImplementedError
