"""The write stage leaves no global state behind."""

from __future__ import annotations

import os

import pytest

from generator.output.write import MKDOCS_ENV, mkdocs_environment


def test_mkdocs_environment_is_set_only_during_the_run(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in MKDOCS_ENV:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "123")  # the user's own value wins
    with mkdocs_environment():
        assert os.environ["SOURCE_DATE_EPOCH"] == "123"
        assert os.environ["NO_MKDOCS_2_WARNING"] == "1"
    assert os.environ["SOURCE_DATE_EPOCH"] == "123"
    assert "NO_MKDOCS_2_WARNING" not in os.environ
