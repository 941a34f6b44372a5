from django import template

register = template.Library()


@register.filter
def vnd(amount):
    """8000 -> '8.000 đ': Vietnamese groups thousands with dots (Django's vi format does not)."""
    if amount in (None, ""):
        return ""
    return f"{int(amount):,} đ".replace(",", ".")
