"""Small, strict readers for settings taken from the environment.

Every reader accepts ``NAME_FILE`` as well as ``NAME`` (the file's content is used, trailing
newline stripped), so secrets can come from files mounted by the orchestrator. A malformed value
stops the process with a message naming the variable: a typo in production must fail loudly, not
fall back to a development default.
"""

import os

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def raw(name, default=None):
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        try:
            with open(file_name, encoding="utf-8") as fh:
                return fh.read().rstrip("\n")
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE={file_name!r} cannot be read: {exc}") from exc
    return os.environ.get(name, default)


def string(name, default=""):
    return raw(name, default)


def boolean(name, default=False):
    value = raw(name)
    if value is None:
        return default
    value = value.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false, yes/no), not {value!r}")


def integer(name, default):
    value = raw(name)
    if value is None or value.strip() == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}") from None


def number(name, default, low=None, high=None):
    """A float, within [low, high] when given; loud on anything else."""
    value = raw(name)
    if value is None or value.strip() == "":
        return default
    try:
        parsed = float(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number, not {value!r}") from None
    if (low is not None and parsed < low) or (high is not None and parsed > high):
        raise ImproperlyConfigured(f"{name} must be between {low} and {high}, not {value!r}")
    return parsed


def string_list(name, default=()):
    value = raw(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def choice(name, default, choices):
    value = raw(name, default)
    if value not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}, not {value!r}")
    return value
