"""JSON Schema of the content files, generated from the models."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, create_model

from .models import LIST_FILES, Section, Thesis


def content_schema() -> dict[str, Any]:
    """One schema per content file, keyed by its path under content/."""
    files: dict[str, Any] = {
        "thesis.yml": Thesis.model_json_schema(),
        "sections/*.yml": Section.model_json_schema(),
    }
    for name, (key, model) in LIST_FILES.items():
        wrapper: type[BaseModel] = create_model(  # type: ignore[call-overload]
            f"{model.__name__}File",
            __config__=ConfigDict(extra="forbid"),
            **{key: (list[model], ...)},
        )
        files[name] = wrapper.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "thesis-site content files",
        "files": files,
    }
