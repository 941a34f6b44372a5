"""Fill locale/vi/LC_MESSAGES/django.po from locale/vi.py and compile the .mo (no gettext needed).

Exits non-zero listing the msgids that have no translation, so a new string cannot ship
untranslated. Run through `make messages`.
"""

import sys
from pathlib import Path

import polib

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from vi import VI  # noqa: E402

po_path = HERE / "vi" / "LC_MESSAGES" / "django.po"
po = polib.pofile(str(po_path))
po.metadata.update({"Language": "vi", "Content-Type": "text/plain; charset=UTF-8",
                    "Plural-Forms": "nplurals=1; plural=0;"})
missing = []
for entry in po:
    key = (entry.msgid, entry.msgid_plural) if entry.msgid_plural else entry.msgid
    text = VI.get(key)
    if text is None:
        missing.append(entry.msgid)
        continue
    if entry.msgid_plural:
        entry.msgstr_plural = {0: text}
    else:
        entry.msgstr = text
    if "fuzzy" in entry.flags:
        entry.flags.remove("fuzzy")
po.save(str(po_path))
po.save_as_mofile(str(po_path.with_suffix(".mo")))
if missing:
    print("Untranslated:", *missing, sep="\n  ")
    sys.exit(1)
print(f"{len(po)} messages translated.")
