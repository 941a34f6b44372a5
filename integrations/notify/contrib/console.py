"""SMS and Zalo stand-ins for development and tests: they write the message to the log.

A real deployment replaces them with its SMS brandname gateway and Zalo ZNS plugins; both
reach the person by the phone number on the dossier.
"""

import logging

from integrations.notify.base import Channel

log = logging.getLogger("motcua.notify")


class ConsoleSMS(Channel):
    name = "sms"

    def address(self, dossier):
        return dossier.contact_phone

    def staff_address(self, user):
        from units.access import roles_of

        return next((r.phone for r in roles_of(user) if r.phone), "")

    def send(self, address, message):
        log.info("SMS to %s: %s", address, message.text)


class ConsoleZalo(ConsoleSMS):
    name = "zalo"

    def send(self, address, message):
        log.info("Zalo to %s: %s", address, message.text)
