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


_names = Memo("communes by name")


def communes(province=None):
    """[(name, code)] of the province's communes in Vietnamese alphabetical order. The name is
    what a person reads and types; two communes of the same name carry their code after it."""
    from motcua.text import sort_key

    def load():
        rows = list(AdministrativeUnit.objects.filter(
            level=AdministrativeUnit.Level.COMMUNE,
            parent__code=province or settings.MOTCUA_PROVINCE).values_list("name", "code"))
        seen = {}
        for name, _code in rows:
            seen[name.casefold()] = seen.get(name.casefold(), 0) + 1
        return sorted(((f"{name} ({code})" if seen[name.casefold()] > 1 else name, code)
                       for name, code in rows), key=lambda row: sort_key(row[0]))
    return _names.get(province or settings.MOTCUA_PROVINCE, load)


def _without_type(folded):
    for prefix in ("phuong ", "xa ", "dac khu ", "thi tran "):
        if folded.startswith(prefix):
            return folded[len(prefix):]
    return folded


def commune_named(text, province=None):
    """The statistics code of the commune a person typed: its name as listed (with or without
    "Phường"/"Xã", in any case), with or without its marks when that is unambiguous, or its
    code. None when nothing, or more than one commune, answers to it."""
    import unicodedata

    typed = unicodedata.normalize("NFC", str(text or "")).strip()
    if not typed or len(typed) > 160:
        return None
    rows = communes(province)
    if typed.isdigit():
        return next((code for _name, code in rows if str(code) == typed), None)
    for name, code in rows:  # exactly as listed ("Phường Hồng Bàng", "Xã An Lão (11692)")
        if name.casefold() == typed.casefold():
            return code
    bare = unicodedata.normalize("NFC", " ".join(typed.split())).casefold()
    exact = [code for name, code in rows
             if _without_type(name.casefold()) == _without_type(bare)]
    if len(exact) == 1:
        return exact[0]
    folded = _without_type(fold(typed))
    loose = [code for name, code in rows if _without_type(fold(name)) == folded]
    return loose[0] if len(loose) == 1 else None
