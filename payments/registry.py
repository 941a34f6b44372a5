"""The payment providers configured in MOTCUA_PAYMENT_PROVIDERS (integrations/plugins.py)."""

from integrations.plugins import registry
from payments.base import PaymentProvider

providers = registry("MOTCUA_PAYMENT_PROVIDERS", PaymentProvider)
