"""The National Public Service Portal (Cổng Dịch vụ công quốc gia, DVCQG) as a plugin.

The portal takes each dossier's record (`DongBoHoSoMC`) and each step of its progress
(`CapNhatTienDoHoSoMC`), answers `{error_code, message}`, and publishes the procedure catalog
(`LayThuTuc`). It is also where people file online: MotCua takes what was filed there from
its feed (`pull`, or pushed to MotCua's webhook), fetches the files by their links
(`fetch_file`), acknowledges each record once it is committed here (`acknowledge`), and asks
about a payment whose notification never came (`payment`). A plugin turns a send into an Outcome the sync worker (sync/outbox.py) acts on:
done, retry later (timeouts, 5xx, the portal not ready), or failed for good with the reason.
"""

from dataclasses import dataclass

DONE, RETRY, FAILED = "done", "retry", "failed"


@dataclass(frozen=True)
class Outcome:
    result: str  # DONE, RETRY or FAILED
    message: str = ""
    exists: bool = False  # the portal already holds this record: send it as an update


class Unavailable(Exception):
    """The portal cannot answer now (timeout, 5xx, unreachable): try again later."""


class FileRefused(Exception):
    """A file link MotCua will not follow, or a file it will not take: refused for good."""


class NationalPortal:
    name = ""

    def send_dossier(self, payload, *, update):
        """Send a DongBoHoSoMC record, as a new record or as an update of the one it holds."""
        raise NotImplementedError

    def send_progress(self, payload):
        """Send a CapNhatTienDoHoSoMC step; the same step (MaHoSo, SoThuTu) twice is one step."""
        raise NotImplementedError

    def pull(self, cursor, limit):
        """A page of the portal's feed after `cursor`: (events, next cursor). Raises
        Unavailable when the portal cannot answer now."""
        raise NotImplementedError

    def acknowledge(self, event_id, reference, *, taken, reason="", local_code=""):
        """Tell the portal what became of one event: an Outcome."""
        raise NotImplementedError

    def fetch_file(self, url, limit):
        """The bytes behind a file link the portal gave (at most `limit`); raises Unavailable
        (try later) or FileRefused (the link is not the portal's, or the file is too big)."""
        raise NotImplementedError

    def payment(self, reference):
        """What the national payment platform knows of a payment request: a dict with
        MaGiaoDich, SoTien, NgayThanhToan once paid, else None."""
        raise NotImplementedError

    def procedures(self, updated_since=None):
        """The portal's procedures (LayThuTuc), as a list of its records."""
        raise NotImplementedError
