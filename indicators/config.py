"""Decision 766/QĐ-TTg 2022 as data: groups, indicators with their points and targets, rating
bands (DOMAIN.md §5). A revision of the decision is a change here or in the setting
MOTCUA_766 ({"indicators": {id: {"max": .., "target": ..}}, "bands": [...],
"when_empty": "full" | "zero", "max_supplements": 1}), never in the computations.
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

GROUPS = {
    "CKMB": _("Publicity and transparency"),
    "TDGQ": _("Progress of resolution"),
    "CLGQ": _("Online public services"),
    "TTTT": _("Online payment"),
    "MDSH": _("Digitisation"),
    "MDHL": _("Satisfaction"),
}

# id, group, points, target (%), name. Ids follow the decision's numbering where DOMAIN.md
# gives it; "3.1" (full-online share), "3.5a/b", "4.2b", "4.5a/b" name the unnumbered parts.
INDICATORS = [
    ("1.1", "CKMB", 6, None, _("Procedures published on time")),
    ("1.2", "CKMB", 4, None, _("Procedures updated and made public on time")),
    ("1.3", "CKMB", 2, None, _("Procedures made public with all their parts")),
    ("1.4", "CKMB", 6, None, _("Dossiers synced to the National Public Service Portal")),
    ("2.1", "TDGQ", 20, None, _("Dossiers resolved early or on time")),
    ("2.2", "TDGQ", 0, None, _("Average resolution time (days)")),
    ("3.1", "CLGQ", 12, None, _("Full-online dossiers")),
    ("3.5a", "TTTT", 2, 80, _("Procedures with fees integrated with online payment")),
    ("3.5b", "TTTT", 2, 80, _("Procedures with online payment transactions")),
    ("3.6", "TTTT", 6, None, _("Dossiers paid online")),
    ("4.1", "MDSH", 6, None, _("Dossiers with an electronic result")),
    ("4.2", "MDSH", 4, 80, _("Digitised dossiers")),
    ("4.2b", "MDSH", 2, None, _("Electronic certified copies")),
    ("4.3", "MDSH", 2, 80, _("Dossiers reusing digitised data")),
    ("4.4", "MDSH", 4, None, _("Dossiers taking documents from the citizen's data store")),
    ("4.5a", "MDSH", 2, None, _("Procedures using the national population database")),
    ("4.5b", "MDSH", 2, None, _("Dossiers using the national population database")),
    ("5.2", "MDHL", 6, None, _("Petitions handled on time")),
    ("5.3", "MDHL", 6, None, _("Satisfaction with the handling of petitions")),
    ("5.4", "MDHL", 6, 90, _("Satisfaction with the resolution of dossiers")),
]

# Seen in published results: ≥ 90 "xuất sắc", 80–< 90 "tốt". The lower bands are to verify.
BANDS = [(90, _("Excellent")), (80, _("Good")), (70, _("Fair")), (50, _("Average")), (0, _("Weak"))]

# An indicator with nothing to count (no dossier, no procedure) for a unit: full points, as
# there is nothing to fault (to verify against the national portal's practice), or zero.
WHEN_EMPTY = "full"


# More than this many supplement requests make a dossier late (DOMAIN.md §5.2: "more than one").
MAX_SUPPLEMENTS = 1


def current_rules():
    """The counting rules that are configuration too: {"max_supplements": n}."""
    override = getattr(settings, "MOTCUA_766", None) or {}
    return {"max_supplements": int(override.get("max_supplements", MAX_SUPPLEMENTS))}


def current():
    """(indicators as dicts, bands, when_empty) with the settings' overrides."""
    override = getattr(settings, "MOTCUA_766", None) or {}
    changes = override.get("indicators", {})
    rows = []
    for ident, group, points, target, name in INDICATORS:
        row = {"id": ident, "group": group, "max": points, "target": target, "name": str(name)}
        row.update(changes.get(ident, {}))
        rows.append(row)
    bands = override.get("bands") or [(floor, str(name)) for floor, name in BANDS]
    return rows, bands, override.get("when_empty", WHEN_EMPTY)
