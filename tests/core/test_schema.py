"""The JSON Schemas editors use agree with the validator, and the committed copies are fresh."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from engine.jsonschema import all_json_schemas
from tests.helpers.courses import BUNDLED, BUNDLED_PATHS, COURSES, ROOT

SCHEMAS = all_json_schemas()


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_schemas_are_valid_draft7(name: str) -> None:
    jsonschema.Draft7Validator.check_schema(SCHEMAS[name])


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_committed_schemas_are_up_to_date(name: str) -> None:
    committed = json.loads((ROOT / "docs" / "schemas" / name).read_text(encoding="utf-8"))
    assert committed == SCHEMAS[name], "run `liane schema -o docs/schemas`"


def bundled_files() -> list[tuple[str, Path]]:
    out = [("paths.schema.json", COURSES / BUNDLED_PATHS)]
    for path in sorted(p for course_id in BUNDLED for p in (COURSES / course_id).rglob("*.yml")):
        out.append(
            ("course.schema.json" if path.name == "course.yml" else "quiz.schema.json", path)
        )
    return out


@pytest.mark.parametrize(
    "schema,path", bundled_files(), ids=[str(p.relative_to(COURSES)) for _s, p in bundled_files()]
)
def test_bundled_files_pass_the_editor_schema(schema: str, path: Path) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator(SCHEMAS[schema]).validate(data)


def test_editor_schema_flags_a_misspelt_key() -> None:
    quiz = {
        "title": "Q",
        "questions": [{"type": "true_false", "prompt": "P", "answer": True, "explantion": "x"}],
    }
    errors = list(jsonschema.Draft7Validator(SCHEMAS["quiz.schema.json"]).iter_errors(quiz))
    assert errors
