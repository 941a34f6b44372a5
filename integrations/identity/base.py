"""How a person proves who they are to the portal (VNeID in production, a demo offline).

A provider sends the browser away (`begin`) and turns what comes back into an Identity
(`complete`). The portal then finds or creates the person's account by (provider, subject) and
records on each dossier whether the person signed in with VNeID (DOMAIN.md §6). A business
signs in with its organisation account: the identity then carries its tax code and name.
"""

from dataclasses import dataclass


class IdentityError(Exception):
    """The sign-in failed or was tampered with; the message is safe to show."""


@dataclass(frozen=True)
class Identity:
    provider: str
    subject: str  # stable identifier at the provider
    full_name: str
    id_number: str = ""  # CCCD, when the provider vouches for it
    birth_date: str = ""
    phone: str = ""
    email: str = ""
    vneid: bool = False  # authenticated through VNeID
    # An organisation's account (VNeID level-2 accounts of organisations, Decree 69/2024/NĐ-CP):
    # the business's tax code and name; the fields above are then its representative's.
    tax_code: str = ""
    organization_name: str = ""

    @property
    def is_business(self):
        return bool(self.tax_code)


class IdentityProvider:
    name = ""
    title = ""
    vneid = False

    def begin(self, request, callback_url):
        """An HttpResponse sending the browser to the provider (callback_url comes back)."""
        raise NotImplementedError

    def complete(self, request, callback_url):
        """The Identity from the provider's answer to callback_url; IdentityError if wrong."""
        raise NotImplementedError
