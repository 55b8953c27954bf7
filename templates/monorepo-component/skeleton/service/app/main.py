"""HTTP API of the service ${{ values.name }}.

/healthz       liveness: the process answers (Kubernetes restarts the pod when it does not)
/readyz        readiness: every check in app.state.readiness_checks passes (else 503, no traffic)
/api/v1/info   what runs where: service, version, environment
"""

import os
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

SERVICE_NAME = "${{ values.name }}"
# ENV names the environment (the mono-repo's convention: one variable selects the configuration);
# the Kubernetes overlays set it to dev or production.
ENVIRONMENTS = ("local", "dev", "production")
PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"

ReadinessCheck = Callable[[], list[str]]


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
    def from_env(cls) -> "Settings":
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


class Info(BaseModel):
    service: str
    version: str
    environment: str


class Status(BaseModel):
    status: str


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings.from_env()
    app = FastAPI(title=settings.service, version=settings.version)
    app.state.settings = settings
    # Each check returns its problems; add one per dependency the service cannot work without
    # (database, queue, ...). Keep them fast: the kubelet calls /readyz every few seconds.
    app.state.readiness_checks = {"settings": settings.problems}

    @app.get("/healthz", response_model=Status, tags=["operations"])
    def healthz() -> Status:
        return Status(status="ok")

    @app.get(
        "/readyz",
        response_model=Status,
        responses={503: {"description": "Not ready: the problems, by check"}},
        tags=["operations"],
    )
    def readyz(request: Request):
        checks: dict[str, ReadinessCheck] = request.app.state.readiness_checks
        problems = {name: found for name, check in checks.items() if (found := check())}
        if problems:
            return JSONResponse(
                status_code=503, content={"status": "not ready", "problems": problems}
            )
        return Status(status="ready")

    @app.get("/api/v1/info", response_model=Info, tags=["service"])
    def info(request: Request) -> Info:
        current: Settings = request.app.state.settings
        return Info(
            service=current.service,
            version=current.version,
            environment=current.environment,
        )

    return app


app = create_app()
