"""Finding a commune in a written address ("12 Điện Biên Phủ, phường Hồng Bàng, ...").

The online form proposes the commune that decides a commune-level dossier from the address the
person's records give, so they do not pick it from a hundred names; they can still change it.
"""

from django.conf import settings

from motcua.memo import Memo
from motcua.text import fold
from units.models import AdministrativeUnit

_communes = Memo("communes by folded name")


def _folded_communes(province):
    """[(" folded name ", code)] of the province's communes, longest names first so that a
    name inside a longer one does not win."""
    return _communes.get(province, lambda: sorted(
        ((f" {fold(u.name)} ", u.code) for u in AdministrativeUnit.objects.filter(
            level=AdministrativeUnit.Level.COMMUNE, parent__code=province)),
        key=lambda c: -len(c[0])))


def commune_in_address(address, province=None):
    """The statistics code of the province's commune named in the address, or None."""
    folded = f" {fold(address)} "
    if not folded.strip():
        return None
    for name, code in _folded_communes(province or settings.MOTCUA_PROVINCE):
        if name in folded:
            return code
    return None
