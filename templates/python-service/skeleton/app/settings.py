"""Configuration from the environment, read once at start-up.

ENV names the environment the service runs in (the Lumen convention: one variable decides which
configuration applies); the Kubernetes overlays set it to dev or production.
"""

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Self

SERVICE_NAME = "${{ values.name }}"
ENVIRONMENTS = ("local", "dev", "production")
PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"


def read_version(pyproject: Path = PYPROJECT) -> str:
    """The version the image was built as (APP_VERSION), else the one in pyproject.toml."""
    built = os.environ.get("APP_VERSION", "").strip()
    if built:
        return built
    try:
        with pyproject.open("rb") as f:
            return str(tomllib.load(f)["project"]["version"])
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "unknown"


@dataclass(frozen=True)
class Settings:
    service: str
    version: str
    environment: str

    @classmethod
    def from_env(cls) -> Self:
        return cls(
            service=SERVICE_NAME,
            version=read_version(),
            environment=os.environ.get("ENV", "local").strip() or "local",
        )

    def problems(self) -> list[str]:
        """What is wrong with this configuration; empty when the service may take traffic."""
        found = []
        if self.environment not in ENVIRONMENTS:
            found.append(f"ENV={self.environment!r} is not one of {', '.join(ENVIRONMENTS)}")
        if self.version == "unknown":
            found.append("no version: set APP_VERSION or ship pyproject.toml")
        return found
