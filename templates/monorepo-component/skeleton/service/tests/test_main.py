from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.main import SERVICE_NAME, Settings, create_app, read_version


def settings(**overrides: str) -> Settings:
    values = {"service": SERVICE_NAME, "version": "1.2.3", "environment": "dev"}
    values.update(overrides)
    return Settings(**values)


@pytest.fixture
def client() -> TestClient:
    return TestClient(create_app(settings()))


def test_healthz(client: TestClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_when_ready(client: TestClient) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ready"}


def test_readyz_reports_failing_checks() -> None:
    app = create_app(settings())
    app.state.readiness_checks["database"] = lambda: ["connection refused"]
    response = TestClient(app).get("/readyz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "not ready",
        "problems": {"database": ["connection refused"]},
    }


def test_readyz_refuses_an_unknown_environment() -> None:
    response = TestClient(create_app(settings(environment="prod"))).get("/readyz")
    assert response.status_code == 503
    assert "ENV='prod'" in response.json()["problems"]["settings"][0]


def test_info(client: TestClient) -> None:
    response = client.get("/api/v1/info")
    assert response.status_code == 200
    assert response.json() == {
        "service": SERVICE_NAME,
        "version": "1.2.3",
        "environment": "dev",
    }


def test_version_comes_from_the_build_or_pyproject(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("APP_VERSION", "9.9.9")
    assert read_version() == "9.9.9"
    monkeypatch.delenv("APP_VERSION")
    assert read_version() == "${{ values.version }}"
    assert read_version(Path("does-not-exist.toml")) == "unknown"


def test_settings_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("APP_VERSION", raising=False)
    monkeypatch.setenv("ENV", "production")
    current = Settings.from_env()
    assert (current.service, current.environment) == (SERVICE_NAME, "production")
    assert current.problems() == []
    monkeypatch.delenv("ENV")
    assert Settings.from_env().environment == "local"
