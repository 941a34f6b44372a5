from django import template

register = template.Library()


@register.filter
def vnd(amount):
    """8000 -> '8.000 đ': Vietnamese groups thousands with dots (Django's vi format does not)."""
    if amount in (None, ""):
        return ""
    return f"{int(amount):,} đ".replace(",", ".")


@register.filter
def action_label(action):
    """What a dossier action means, in the reader's language."""
    from dossiers.transitions import ACTION_LABELS

    return ACTION_LABELS.get(action, action)


@register.filter
def get_item(mapping, key):
    """mapping[key] in a template, or None."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def person_name(user):
    """{{ user|person_name }}: the name in Vietnamese order (motcua.text.person_name)."""
    from motcua.text import person_name as name

    return name(user)


@register.filter
def split(text):
    """"a b c"|split -> ["a", "b", "c"] (for a few names in a template loop)."""
    return str(text).split()


@register.filter
def task_action_label(action):
    """What a task's event means, in the reader's language (directives/lifecycle.py)."""
    from directives.lifecycle import LABELS

    return LABELS.get(action, action)


@register.filter
def kpi_band(score):
    """The evaluation level a KPI score falls in (settings MOTCUA_KPI["bands"])."""
    from directives.scores import band

    return band(score)


@register.filter
def percent(ratio):
    """0.9059 -> '90,59' (in the reader's decimal separator); '' for None."""
    from decimal import Decimal

    from django.template.defaultfilters import floatformat

    if ratio in (None, ""):
        return ""
    return floatformat(Decimal(ratio) * 100, 2)


@register.filter
def decimal2(value):
    """A number kept as text (a published result: "92.49") shown with two decimals in the
    reader's decimal separator; '' for None."""
    from decimal import Decimal, InvalidOperation

    from django.template.defaultfilters import floatformat

    try:
        return floatformat(Decimal(str(value)), 2) if value not in (None, "") else ""
    except InvalidOperation:
        return value


@register.filter
def iso_moment(value):
    """An ISO 8601 moment kept as text (frozen evidence) as HH:MM dd/mm/yyyy, local time."""
    import datetime as dt

    from django.utils import timezone

    try:
        moment = dt.datetime.fromisoformat(str(value))
    except ValueError:
        return value
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return moment.strftime("%H:%M %d/%m/%Y")
