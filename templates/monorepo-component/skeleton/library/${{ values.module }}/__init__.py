"""The library ${{ values.name }}.

See README.md and docs/ next to this package.
"""

from ${{ values.module }}.environment import (
    ENVIRONMENTS,
    UnknownEnvironmentError,
    current_environment,
)

__all__ = ["ENVIRONMENTS", "UnknownEnvironmentError", "current_environment"]
