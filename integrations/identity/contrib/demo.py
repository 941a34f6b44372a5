"""A demo identity provider that runs offline: the person picks one of the synthetic residents
of the demo population database. For development and tests only; never enable it where real
people sign in."""

from django.shortcuts import render
from django.utils.translation import gettext as _

from integrations.identity.base import Identity, IdentityError, IdentityProvider
from integrations.registries.contrib.demo import PEOPLE


class DemoIdentity(IdentityProvider):
    name = "demo"
    title = "Định danh thử nghiệm (không phải VNeID)"
    vneid = False

    def __init__(self, people=None):
        self.people = {p.id_number: p for p in (people or PEOPLE)}

    def begin(self, request, callback_url):
        return render(request, "portal/demo_identity.html", {
            "people": self.people.values(), "callback_url": callback_url, "provider": self})

    def complete(self, request, callback_url):
        person = self.people.get(request.POST.get("id_number", ""))
        if request.method != "POST" or person is None:
            raise IdentityError(_("Choose one of the demo people."))
        return Identity(provider=self.name, subject=person.id_number, full_name=person.full_name,
                        id_number=person.id_number, birth_date=person.birth_date,
                        phone=person.phone, email=person.email, vneid=False)
