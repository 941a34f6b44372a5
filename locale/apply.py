"""Check locale/vi/LC_MESSAGES/django.po and compile django.mo (polib: no gettext tools needed
to compile). The .po file is the source of the Vietnamese translations: translators edit it
with Poedit, Weblate or any editor; `make messages` first brings in the new msgids from the
code and templates (Django's makemessages keeps what is translated), then runs this.

Exits non-zero listing the msgids that have no translation, or whose translation is marked
fuzzy (a guess by msgmerge), so a new string cannot ship untranslated.
"""

import sys
from pathlib import Path

import polib

HERE = Path(__file__).resolve().parent
po_path = HERE / "vi" / "LC_MESSAGES" / "django.po"
po = polib.pofile(str(po_path))
po.metadata.update({"Language": "vi", "Content-Type": "text/plain; charset=UTF-8",
                    "Plural-Forms": "nplurals=1; plural=0;"})
missing = [entry.msgid for entry in po if not entry.obsolete and (
    "fuzzy" in entry.flags or not entry.translated())]
if missing:
    print(f"Untranslated or fuzzy, to translate in {po_path.relative_to(HERE.parent)}:",
          *missing, sep="\n  ")
    sys.exit(1)
po.save(str(po_path))
po.save_as_mofile(str(po_path.with_suffix(".mo")))
print(f"{len(po)} messages translated.")
