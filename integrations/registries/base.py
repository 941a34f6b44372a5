"""National databases a dossier may draw on instead of asking the person (DOMAIN.md §7).

A registry answers lookups by identity number with the data it holds. The person's form is
prefilled from it, and components the catalog marks as replaced by that database are not asked
for; the dossier records which databases were consulted (DOMAIN.md §6).
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class PersonRecord:
    id_number: str
    full_name: str
    birth_date: str = ""  # ISO date
    gender: str = ""
    permanent_address: str = ""
    current_address: str = ""
    phone: str = ""
    email: str = ""
    extra: dict = field(default_factory=dict)


@dataclass(frozen=True)
class BusinessRecord:
    tax_code: str  # the enterprise code (mã số doanh nghiệp), which is also its tax code
    name: str
    address: str = ""  # head office
    representative: str = ""
    representative_id_number: str = ""
    phone: str = ""
    email: str = ""
    extra: dict = field(default_factory=dict)


class Registry:
    """A population-style database: `lookup(id_number)` returns a PersonRecord or None.

    `kind` says what it is looked up by: "person" (an identity number, PersonRecord) or
    "business" (a tax code, BusinessRecord)."""

    name = ""
    kind = "person"
    # The database's name as the catalog's components write it (Component.data_source) and as
    # it is recorded on the dossier, e.g. "Cơ sở dữ liệu quốc gia về dân cư".
    title = ""

    def lookup(self, id_number):
        raise NotImplementedError
