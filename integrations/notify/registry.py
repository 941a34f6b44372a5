"""The notification channels configured in MOTCUA_NOTIFY_CHANNELS (integrations/plugins.py)."""

from integrations.notify.base import Channel
from integrations.plugins import registry

channels = registry("MOTCUA_NOTIFY_CHANNELS", Channel)
