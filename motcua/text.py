"""Text from outside: what cannot be stored, and Vietnamese folding for search.

A NUL cannot be stored in PostgreSQL text or jsonb, nor compared with one: a lookup with it
fails inside the database driver. A lone UTF-16 surrogate (JSON's "\\udXXX" escape without its
pair) cannot even be encoded as UTF-8. Neither is text anyone means to send: the pages and the
API refuse them at the edge (motcua.middleware.StorableTextMiddleware), the national portal's
events are refused back to it (sync.inbound), and JSON read from inside a field, a file or a
webhook goes through load_json.

People type without diacritics ("dang ky khai sinh") and often write d for đ. Folding removes
the combining marks after NFD decomposition and maps đ/Đ to d, which NFD does not decompose
(đ is a letter of its own, not d with a mark). The same function folds the stored text and the
query, so SQLite and PostgreSQL behave identically.
"""

import json
import re
import unicodedata

_NON_WORD = re.compile(r"[^0-9a-z]+")
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def unstorable_paths(value, path=()):
    """Where decoded JSON holds a string with UNSTORABLE text: a list of paths, each a tuple
    of keys and indices (a key holding it is reported as its object's path)."""
    found = []
    if isinstance(value, str):
        if UNSTORABLE.search(value):
            found.append(path)
    elif isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str) and UNSTORABLE.search(key):
                found.append(path)
            else:
                found += unstorable_paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += unstorable_paths(item, (*path, index))
    return found


def dotted(path):
    """A path of unstorable_paths as a field name: ("components", 1, "name") ->
    "components.1.name"; the whole body is "body"."""
    return ".".join(map(str, path)) or "body"


def load_json(text, **options):
    """json.loads for JSON that arrives inside something else (a form field, a query
    parameter, an uploaded file, a webhook's body), which the edge cannot see into: what holds
    UNSTORABLE text is refused as a ValueError, as malformed JSON is."""
    value = json.loads(text, **options)
    if unstorable_paths(value):
        raise ValueError("the JSON holds a NUL or half of a UTF-16 surrogate pair")
    return value


def storable(value):
    """A copy of decoded JSON with UNSTORABLE characters replaced by U+FFFD, to keep as
    evidence what was refused."""
    if isinstance(value, str):
        return UNSTORABLE.sub("\ufffd", value)
    if isinstance(value, dict):
        return {storable(key): storable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [storable(item) for item in value]
    return value


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
