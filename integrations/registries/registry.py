"""The registries configured in MOTCUA_REGISTRIES (integrations/plugins.py)."""

from integrations.plugins import registry
from integrations.registries.base import Registry

registries = registry("MOTCUA_REGISTRIES", Registry)


def _lookup(kind, key):
    """(record, [titles of the databases consulted]) from the first registry of this kind that
    knows the key; every registry asked is listed, whether it answered or not."""
    consulted = []
    for plugin in registries().values():
        if plugin.kind != kind:
            continue
        consulted.append(plugin.title)
        record = plugin.lookup(key)
        if record is not None:
            return record, consulted
    return None, consulted


def applicant_from_record(record, data):
    """The applicant's fields with what a population record holds: its name, and the address
    and contacts where none were given (portal prefill and counter intake alike)."""
    return {**data, "applicant_name": record.full_name,
            "applicant_address": data.get("applicant_address")
            or record.current_address or record.permanent_address,
            "applicant_phone": data.get("applicant_phone") or record.phone,
            "applicant_email": data.get("applicant_email") or record.email}


def lookup_person(id_number):
    return _lookup("person", id_number)


def lookup_business(tax_code):
    return _lookup("business", tax_code)
