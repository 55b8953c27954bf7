"""Which environment the calling code runs in, from the ENV variable.

The mono-repo's convention: one variable, ENV, selects the configuration of every component
(services, jobs, DAGs). This module reads it in one place, so that every caller agrees on the
names and a typo fails loudly instead of silently selecting the wrong configuration.
"""

import os
from collections.abc import Mapping

ENVIRONMENTS = ("local", "dev", "production")

# Spellings seen in the wild, mapped to the canonical name.
ALIASES = {"prod": "production", "development": "dev", "test": "local"}


class UnknownEnvironmentError(ValueError):
    """ENV names no known environment."""


def current_environment(environ: Mapping[str, str] | None = None) -> str:
    """The canonical environment name: local when ENV is unset or empty.

    Raises UnknownEnvironmentError for any other value than the names in ENVIRONMENTS and
    their ALIASES (compared case-insensitively).
    """
    env = os.environ if environ is None else environ
    raw = env.get("ENV", "").strip().lower()
    if not raw:
        return "local"
    name = ALIASES.get(raw, raw)
    if name not in ENVIRONMENTS:
        raise UnknownEnvironmentError(
            f"ENV={raw!r} is not one of {', '.join(ENVIRONMENTS)} "
            f"(or {', '.join(sorted(ALIASES))})"
        )
    return name
