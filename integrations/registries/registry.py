"""The registries configured in MOTCUA_REGISTRIES (integrations/plugins.py)."""

from integrations.plugins import registry
from integrations.registries.base import Registry

registries = registry("MOTCUA_REGISTRIES", Registry)


def lookup_person(id_number):
    """(record, [titles of the databases consulted]) from the first registry that knows the
    person; every registry asked is listed, whether it answered or not."""
    consulted = []
    for plugin in registries().values():
        consulted.append(plugin.title)
        record = plugin.lookup(id_number)
        if record is not None:
            return record, consulted
    return None, consulted
