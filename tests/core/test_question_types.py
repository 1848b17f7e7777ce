"""Guards of the question-type registry (engine/questions/, docs/question-types.md).

Every registered type is whole: keys, model class, build, form reading, grader, partial and
grading vectors; every type module is registered; and nothing else in the engine branches on
a type, so a new type touches its own files and the registry's list, not the engine.
"""

from __future__ import annotations

import ast
import json
import re
from collections import Counter
from dataclasses import is_dataclass
from pathlib import Path
from typing import Any

import pytest

from engine.fields import Field
from engine.grading import GRADERS, Grade, grade
from engine.jsonschema import all_json_schemas
from engine.model import QUESTION_CLASSES, question_from_runtime
from engine.questions import TYPES, Question, QuestionType
from engine.schema import COMMON_QUESTION_FIELDS, QUESTION_SHAPES, QUESTION_TYPES
from engine.templating import content_environment
from tests.helpers.courses import ROOT

ENGINE = ROOT / "engine"
QUESTIONS = ENGINE / "questions"
PARTIALS = ENGINE / "templates" / "content" / "questions"
SHARED_MODULES = {"__init__", "base", "building", "reading"}  # not types: what types share
VECTORS: list[dict[str, Any]] = json.loads(
    (ROOT / "tests" / "vectors" / "grading.json").read_text(encoding="utf-8")
)["cases"]
NAMES = list(TYPES)


class EmptyForm:
    """A submitted form with nothing in it."""

    def get(self, key: str, default: Any = None) -> Any:
        return default

    def getlist(self, key: str) -> list[Any]:
        return []


def sample(name: str) -> Question:
    """A question of this type, from the first grading vector of the type."""
    case = next(c for c in VECTORS if c["question"]["type"] == name)
    return question_from_runtime(case["question"])


# --- every registered type is whole ---------------------------------------------------------


# A type's section in section 5 of a guide: "### 5.8 `numeric_range`: ..." (": " in French).
TYPE_SECTION = re.compile(r"^### 5\.\d+ `(\w+)`", re.MULTILINE)


def guide_types(language: str) -> list[str]:
    """The types of the author guide in that language, in the order of their sections."""
    text = (ROOT / "docs" / f"authoring.{language}.md").read_text(encoding="utf-8")
    quizzes = text[text.index("\n## 5. ") : text.index("\n## 6. ")]
    return TYPE_SECTION.findall(quizzes)


def test_the_guide_sections_are_read() -> None:
    assert TYPE_SECTION.findall("### 5.3 `single_choice`: one\n### 5.14 The score\n") == [
        "single_choice"
    ]
    assert TYPE_SECTION.findall("### 5.8 `numeric_range` : un nombre\n") == ["numeric_range"]


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_registry_lists_the_types_in_the_guides_order(language: str) -> None:
    assert guide_types(language) == NAMES, f"docs/authoring.{language}.md"
    assert tuple(NAMES) == QUESTION_TYPES
    assert set(GRADERS) == set(NAMES)


def test_every_type_module_is_registered_under_its_file_name() -> None:
    modules = {p.stem for p in QUESTIONS.glob("*.py")} - SHARED_MODULES
    assert modules == set(NAMES)
    for name in NAMES:
        module = __import__(f"engine.questions.{name}", fromlist=["TYPE"])
        assert module.TYPE is TYPES[name]


@pytest.mark.parametrize("name", NAMES)
def test_every_type_has_its_model_class(name: str) -> None:
    question_type = TYPES[name]
    assert isinstance(question_type, QuestionType)
    model = question_type.model
    assert issubclass(model, Question) and is_dataclass(model)
    assert model.type == name == question_type.name
    assert model.__dataclass_params__.frozen  # type: ignore[attr-defined]
    assert QUESTION_CLASSES[name] is model


@pytest.mark.parametrize("name", NAMES)
def test_every_type_declares_its_keys(name: str) -> None:
    keys = TYPES[name].keys
    assert keys, f"{name} declares no key of its own"
    assert all(isinstance(spec, Field) for spec in keys.values())
    assert not set(keys) & set(COMMON_QUESTION_FIELDS), "a type redeclares a common key"
    assert set(QUESTION_SHAPES[name].fields) == set(COMMON_QUESTION_FIELDS) | set(keys)
    one_of = all_json_schemas()["quiz.schema.json"]["properties"]["questions"]["items"]["oneOf"]
    assert any(s["properties"]["type"] == {"const": name} for s in one_of)


@pytest.mark.parametrize("name", NAMES)
def test_every_type_builds_reads_and_grades(name: str) -> None:
    question_type = TYPES[name]
    assert callable(question_type.build)
    assert callable(question_type.read) and callable(question_type.grade)
    assert GRADERS[name] is question_type.grade
    question = sample(name)
    result = grade(question, question_type.read(question, EmptyForm()))
    assert isinstance(result, Grade) and result.score == 0


@pytest.mark.parametrize("name", NAMES)
def test_every_type_has_its_partial(name: str) -> None:
    path = PARTIALS / f"{name}.html"
    assert path.is_file(), f"missing {path.relative_to(ROOT)}"
    partial = content_environment("en").get_template(f"content/questions/{name}.html")
    assert callable(getattr(partial.module, "answer", None)), "no macro `answer`"


def test_every_partial_is_a_registered_type() -> None:
    assert {p.stem for p in PARTIALS.glob("*.html")} == set(NAMES)


def test_every_type_has_grading_vectors() -> None:
    per_type = Counter(case["question"]["type"] for case in VECTORS)
    assert {name for name in NAMES if not per_type[name]} == set()


# Modules that import the registry: a type module importing them would import in a circle.
ABOVE_THE_REGISTRY = {
    "engine.model",
    "engine.grading",
    "engine.responses",
    "engine.rules",
    "engine.schema",
    "engine.quizzes",
    "engine.validation",
    "engine.loader",
}


def test_type_modules_import_only_what_lies_below_the_registry() -> None:
    for path in sorted(QUESTIONS.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = {
            node.module
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.module
        }
        assert not imported & ABOVE_THE_REGISTRY, path.name


# --- nothing else branches on types ---------------------------------------------------------

CLASS_NAMES = "|".join(sorted(t.model.__name__ for t in TYPES.values()))
TYPE_NAMES = "|".join(NAMES)
BRANCHES = [
    re.compile(rf"isinstance\([^)]*\b(?:{CLASS_NAMES})\b"),  # isinstance(q, Matching)
    re.compile(rf"""(?:==|!=)\s*["'](?:{TYPE_NAMES})["']"""),  # q.type == "open"
    re.compile(rf"""["'](?:{TYPE_NAMES})["']\s*(?:==|!=)"""),  # "open" == q.type
    re.compile(rf"""\bin\s*[(\[{{]\s*["'](?:{TYPE_NAMES})["']"""),  # q.type in ("open", ...)
]


def type_branches(text: str) -> list[str]:
    """The lines of a source text that branch on a question type."""
    return [
        line.strip()
        for line in text.splitlines()
        if any(pattern.search(line) for pattern in BRANCHES)
    ]


def engine_sources() -> list[Path]:
    """The engine's and the exporters' Python modules and templates, outside the types' own
    files (exporters keep a mapping per type, looked up by name, never a branch)."""
    export = ROOT / "export"
    files = [
        *ENGINE.rglob("*.py"),
        *ENGINE.rglob("*.html"),
        *export.rglob("*.py"),
        *export.rglob("*.html"),
    ]
    return sorted(
        p
        for p in files
        if QUESTIONS not in p.parents and PARTIALS not in p.parents and "migrations" not in p.parts
    )


BRANCHING = [
    "if isinstance(question, SingleChoice):  # and MultipleChoice",
    "elif isinstance(q, (Likert, Open)):",
    'open_ids = [q.id for q in quiz.questions if q.type == "open"]',
    "{% elif q.type in ('short_answer', 'numeric') %}",
    "{% if q.type != 'likert' %}",
    "if data['type'] != 'likert':",
    'if qtype == "numeric" or "ordering" == kind:',
    'if kind in ["matching", "ordering"]:',
]
NOT_BRANCHING = [
    'qtype = item.get("type")',
    "if qtype not in QUESTION_TYPES:",
    'if isinstance(quiz, Quiz) and token.type == "inline":',
    'tokens = [t for t in tokens if t.type != "front_matter"]',
    '{% import "content/questions/" ~ q.type ~ ".html" as kind %}',
    "return TYPES[question.type].grade(question, response)",
]


def test_the_branch_finder_tells_branches_apart() -> None:
    assert type_branches("\n".join(BRANCHING)) == BRANCHING
    assert type_branches("\n".join(NOT_BRANCHING)) == []


def test_no_engine_module_branches_on_a_question_type() -> None:
    sources = engine_sources()
    assert ENGINE / "grading.py" in sources and ENGINE / "player" / "analytics.py" in sources
    assert ROOT / "export" / "interactions.py" in sources
    offenders = {
        p.relative_to(ROOT).as_posix(): lines
        for p in sources
        if (lines := type_branches(p.read_text(encoding="utf-8")))
    }
    assert offenders == {}, "look the type up in engine.questions.TYPES instead"
