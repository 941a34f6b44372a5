"""The payment providers configured in MOTCUA_PAYMENT_PROVIDERS (integrations/plugins.py), and
the national payment platform, present whenever a national portal is configured."""

from integrations.plugins import registry
from payments.base import PaymentProvider

providers = registry("MOTCUA_PAYMENT_PROVIDERS", PaymentProvider)


def provider(name):
    """The provider a payment was made through, by name, or None."""
    from integrations.national.registry import portal
    from payments.contrib.national import NATIONAL

    found = providers().get(name)
    if found is None and name == NATIONAL.name and portal() is not None:
        return NATIONAL
    return found
