"""E-mail through Django's mail settings (EMAIL_HOST, ...; the console backend in development)."""

from django.core.mail import send_mail

from integrations.notify.base import Channel


class EmailChannel(Channel):
    name = "email"

    def address(self, dossier):
        return dossier.contact_email

    def staff_address(self, user):
        return user.email or ""

    def send(self, address, message):
        send_mail(message.subject, message.text, None, [address], fail_silently=False)
