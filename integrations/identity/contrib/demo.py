"""A demo identity provider that runs offline: the person picks one of the synthetic residents
of the demo population database, or one of the demo businesses (signing in with its
organisation account, as its representative). For development and tests only; never enable it
where real people sign in."""

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from integrations.identity.base import Identity, IdentityError, IdentityProvider
from integrations.registries.contrib.demo import BUSINESSES, PEOPLE


class DemoIdentity(IdentityProvider):
    name = "demo"
    title = gettext_lazy("Test identity (not VNeID)")
    vneid = False

    def __init__(self, people=None, businesses=None):
        self.people = {p.id_number: p for p in (people or PEOPLE)}
        self.businesses = {b.tax_code: b for b in (businesses or BUSINESSES)
                           if b.representative_id_number in self.people}

    def begin(self, request, callback_url):
        return render(request, "portal/demo_identity.html", {
            "people": self.people.values(), "businesses": self.businesses.values(),
            "callback_url": callback_url, "provider": self})

    def complete(self, request, callback_url):
        if request.method != "POST":
            raise IdentityError(_("Choose one of the demo people."))
        business = self.businesses.get(request.POST.get("tax_code", ""))
        person = self.people.get(business.representative_id_number if business
                                 else request.POST.get("id_number", ""))
        if person is None:
            raise IdentityError(_("Choose one of the demo people."))
        common = {"provider": self.name, "full_name": person.full_name,
                  "id_number": person.id_number, "birth_date": person.birth_date,
                  "phone": person.phone, "email": person.email, "vneid": False}
        if business is not None:
            # The organisation's own account: its subject is the business, not the person.
            return Identity(subject=f"org:{business.tax_code}", tax_code=business.tax_code,
                            organization_name=business.name,
                            **{**common, "phone": business.phone or person.phone,
                               "email": business.email or person.email})
        return Identity(subject=person.id_number, **common)
