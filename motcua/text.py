"""Vietnamese text folding for search.

People type without diacritics ("dang ky khai sinh") and often write d for đ. Folding removes
the combining marks after NFD decomposition and maps đ/Đ to d, which NFD does not decompose
(đ is a letter of its own, not d with a mark). The same function folds the stored text and the
query, so SQLite and PostgreSQL behave identically.
"""

import re
import unicodedata

_NON_WORD = re.compile(r"[^0-9a-z]+")


def fold(text):
    """'Đăng ký khai sinh' -> 'dang ky khai sinh' (lower case, ASCII, single spaces)."""
    if not text:
        return ""
    text = unicodedata.normalize("NFD", str(text).replace("đ", "d").replace("Đ", "d"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return _NON_WORD.sub(" ", text).strip()


def tokens(text):
    return fold(text).split()


def search_key(text):
    """fold(), plus i for y: Vietnamese writes both "kí" and "ký", "lí" and "lý" (the spelling
    reforms left both in use), so search treats them alike. Stored and query text both go
    through this, so matching stays consistent."""
    return fold(text).replace("y", "i")


def sort_key(text):
    """Vietnamese alphabetical order, near enough: đ sorts after d (not after z, as in Unicode).
    Letters with marks (ă, â, ê, ô, ơ, ư) sort with their base letter."""
    return fold(str(text).replace("đ", "dz").replace("Đ", "Dz"))


def person_name(user):
    """A person's name as Vietnamese writes it: family, middle, given (họ, đệm, tên). Staff
    accounts keep the family and middle names in `last_name` and the given name in
    `first_name`, so Django's get_full_name ("first last") would read backwards; a citizen's
    account is named by its identity (portal.Person). Never the internal username, unless the
    account has no name at all."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ""
    # Staff accounts carry their names; only a citizen's account has an identity (a missing
    # one would be looked for again on every call).
    person = None if user.is_staff else getattr(user, "person", None)
    if person is not None and person.display_name:
        return person.display_name
    name = " ".join(part for part in (user.last_name.strip(), user.first_name.strip()) if part)
    return name or user.username
