"""Channels that tell a person what happened to their dossier (e-mail, SMS, Zalo, ...).

A channel picks the person's address it needs from the dossier (`address`) and delivers a
message (`send`), raising on failure so the job can retry. Delivery happens in background jobs
(integrations/notify/jobs.py), never in the request that changed the dossier.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Message:
    kind: str
    dossier_code: str
    subject: str
    text: str


class Channel:
    name = ""

    def address(self, dossier):
        """Where this channel reaches the applicant of the dossier, or "" if it cannot."""
        raise NotImplementedError

    def staff_address(self, user):
        """Where this channel reaches a staff member (reminders of assigned tasks), or ""."""
        return ""

    def send(self, address, message):
        raise NotImplementedError
