"""The identity providers configured in MOTCUA_IDENTITY_PROVIDERS (integrations/plugins.py)."""

from integrations.identity.base import IdentityProvider
from integrations.plugins import registry

providers = registry("MOTCUA_IDENTITY_PROVIDERS", IdentityProvider)
