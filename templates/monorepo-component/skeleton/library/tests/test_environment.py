import pytest

from ${{ values.module }} import (
    ENVIRONMENTS,
    UnknownEnvironmentError,
    current_environment,
)


def test_unset_or_empty_is_local() -> None:
    assert current_environment({}) == "local"
    assert current_environment({"ENV": "  "}) == "local"


@pytest.mark.parametrize("name", ENVIRONMENTS)
def test_canonical_names(name: str) -> None:
    assert current_environment({"ENV": name}) == name


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("prod", "production"), ("PROD", "production"), ("development", "dev"), ("test", "local")],
)
def test_aliases(raw: str, expected: str) -> None:
    assert current_environment({"ENV": raw}) == expected


def test_unknown_environment_fails_loudly() -> None:
    with pytest.raises(UnknownEnvironmentError, match="ENV='staging'"):
        current_environment({"ENV": "staging"})


def test_reads_the_process_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ENV", "dev")
    assert current_environment() == "dev"
