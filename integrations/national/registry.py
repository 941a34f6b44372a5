"""The national portal configured in MOTCUA_NATIONAL_PORTAL (integrations/plugins.py); an empty
setting means no portal is configured: records wait in the outbox."""

from integrations.national.base import NationalPortal
from integrations.plugins import registry

_portals = registry("MOTCUA_NATIONAL_PORTAL", NationalPortal)


def portal():
    """The configured portal plugin, or None."""
    return next(iter(_portals().values()), None)


portal.cache_clear = _portals.cache_clear
