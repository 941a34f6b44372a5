"""Plugins at the edges (DESIGN.md "Edges are plugins").

Each kind of plugin (identity providers, registries, notification channels, ...) has a
`base.py` with the interface and a `registry.py` that builds the instances named in a setting:
a list of dotted class paths, optionally with options, e.g.

    MOTCUA_IDENTITY_PROVIDERS = [
        "integrations.identity.contrib.demo.DemoIdentity",
        ("integrations.identity.contrib.oidc.OpenIDConnect", {"name": "vneid", ...}),
    ]

A deployment switches plugins in settings, never in code. Instances are built once per process
and keyed by their `name`.
"""

import functools

from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string


def build(entries, base):
    """{name: instance} for the configured entries, each an instance of `base`."""
    built = {}
    for entry in entries:
        path, options = (entry, {}) if isinstance(entry, str) else entry
        try:
            cls = import_string(path)
        except ImportError as exc:
            raise ImproperlyConfigured(f"Plugin {path!r} cannot be imported: {exc}") from exc
        if not (isinstance(cls, type) and issubclass(cls, base)):
            raise ImproperlyConfigured(f"Plugin {path!r} is not a {base.__name__}.")
        plugin = cls(**options)
        if plugin.name in built:
            raise ImproperlyConfigured(f"Two plugins are named {plugin.name!r}.")
        built[plugin.name] = plugin
    return built


def registry(setting, base):
    """A cached accessor for the plugins of one setting; `.cache_clear()` after a change."""
    from django.conf import settings

    @functools.lru_cache(maxsize=1)
    def plugins():
        return build(getattr(settings, setting), base)

    return plugins
