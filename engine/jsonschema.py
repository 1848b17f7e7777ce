"""The declarations of `engine.schema` as JSON Schemas, for editors (yaml-language-server):
`liane schema` writes them to docs/schemas/.
"""

from __future__ import annotations

from typing import Any

from engine.fields import Field, Shape
from engine.schema import COURSE, QUESTION_SHAPES, QUESTION_TYPES, QUIZ, TRAINING_PATH


def json_schema(shape: Shape, *, title: str, root_list: bool = False) -> dict[str, Any]:
    body = _json_field(Field("list", items=shape)) if root_list else _json_shape(shape)
    return {"$schema": "http://json-schema.org/draft-07/schema#", "title": title, **body}


def _json_shape(shape: Shape) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "type": "object",
        "properties": {name: _json_field(spec) for name, spec in shape.fields.items()},
        "additionalProperties": False,
    }
    required = [name for name, spec in shape.fields.items() if spec.required]
    if required:
        schema["required"] = required
    if shape.doc:
        schema["description"] = shape.doc
    if shape is QUIZ:
        schema["properties"]["questions"]["items"] = {
            "oneOf": [
                _json_shape(QUESTION_SHAPES[qtype])
                | {
                    "properties": {
                        **_json_shape(QUESTION_SHAPES[qtype])["properties"],
                        "type": {"const": qtype},
                    }
                }
                for qtype in QUESTION_TYPES
            ]
        }
    return schema


def _json_field(spec: Field | Shape) -> dict[str, Any]:
    if isinstance(spec, Shape):
        return _json_shape(spec)
    out: dict[str, Any] = {}
    if spec.kind in ("string", "text"):
        out["type"] = ["string", "number"]
        if spec.pattern:
            out = {"type": "string", "pattern": spec.pattern}
    elif spec.kind == "enum":
        out["enum"] = list(spec.choices)
    elif spec.kind == "boolean":
        out["type"] = "boolean"
    elif spec.kind == "integer":
        out["type"] = "integer"
    elif spec.kind == "number":
        # `0,8` is accepted as a number, as `liane check` does.
        out["anyOf"] = [{"type": "number"}, {"type": "string", "pattern": r"^[+-]?\d+,\d+$"}]
    elif spec.kind == "range":
        bound: dict[str, Any] = {"type": "integer"}
        if spec.minimum is not None:
            bound["minimum"] = spec.minimum
        if spec.maximum is not None:
            bound["maximum"] = spec.maximum
        out["anyOf"] = [
            bound,
            {"type": "array", "items": bound, "minItems": 2, "maxItems": 2},
        ]
    elif spec.kind == "mapping":
        assert isinstance(spec.items, Shape)
        out = _json_shape(spec.items)
    elif spec.kind == "list":
        out["type"] = "array"
        if spec.items is not None:
            out["items"] = _json_field(spec.items)
        if spec.min_items:
            out["minItems"] = spec.min_items
    if spec.minimum is not None and spec.kind != "range":
        out["minimum"] = spec.minimum
    if spec.maximum is not None and spec.kind != "range":
        out["maximum"] = spec.maximum
    if spec.doc:
        out["description"] = spec.doc
    if spec.default is not None and spec.default != ():
        out["default"] = spec.default
    return out


def all_json_schemas() -> dict[str, dict[str, Any]]:
    """File name -> JSON Schema, for `liane schema` and the editors' settings."""
    return {
        "course.schema.json": json_schema(COURSE, title="Liane course (course.yml)"),
        "quiz.schema.json": json_schema(QUIZ, title="Liane quiz"),
        "paths.schema.json": json_schema(
            TRAINING_PATH, title="Liane training paths (paths.yml)", root_list=True
        ),
    }
