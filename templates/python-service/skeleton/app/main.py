"""HTTP API of ${{ values.name }}.

/healthz  liveness: the process answers (Kubernetes restarts the pod when it does not)
/readyz   readiness: every check in app.state.readiness_checks passes (else 503, no traffic)
/api/v1/info  what runs where: service, version, environment
"""

from collections.abc import Callable

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from app.settings import Settings

ReadinessCheck = Callable[[], list[str]]


class Info(BaseModel):
    service: str
    version: str
    environment: str


class Status(BaseModel):
    status: str


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings.from_env()
    app = FastAPI(
        title=settings.service,
        version=settings.version,
        docs_url="/docs",
        openapi_url="/openapi.json",
    )
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
