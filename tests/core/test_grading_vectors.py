"""The shared grading vectors (tests/vectors/grading.json) against engine.grading.

The same file is run by the JavaScript grader, so a case pins behaviour in both languages:
a case that fails here is a disagreement with the specification, not a vector to adjust.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from engine.grading import EPSILON, GRADERS, grade
from engine.model import question_from_runtime

VECTORS = Path(__file__).resolve().parent.parent / "vectors" / "grading.json"
DATA: dict[str, Any] = json.loads(VECTORS.read_text(encoding="utf-8"))
CASES: list[dict[str, Any]] = DATA["cases"]


def test_vector_file_shape() -> None:
    assert isinstance(DATA.get("description"), str) and DATA["description"]
    assert set(DATA) == {"description", "cases"}
    ids = [case["id"] for case in CASES]
    duplicates = sorted(i for i, n in Counter(ids).items() if n > 1)
    assert not duplicates, f"duplicate vector ids: {duplicates}"
    assert len(CASES) >= 150
    for case in CASES:
        assert set(case) == {"id", "note", "question", "response", "expected"}, case["id"]
        assert case["note"], case["id"]
        expected = case["expected"]
        assert {"score", "correct", "answered", "parts"} <= set(expected), case["id"]
        assert set(expected) <= {"score", "correct", "answered", "parts", "survey_score"}
        assert 0 <= expected["score"] <= 1, case["id"]
        assert expected["correct"] in (True, False, None), case["id"]
        assert isinstance(expected["answered"], bool), case["id"]
        assert all(isinstance(p, bool) for p in expected["parts"]), case["id"]


def test_every_question_type_has_vectors() -> None:
    per_type = Counter(case["question"]["type"] for case in CASES)
    assert set(per_type) <= set(GRADERS), set(per_type) - set(GRADERS)
    thin = {qtype: per_type.get(qtype, 0) for qtype in GRADERS if per_type.get(qtype, 0) < 8}
    assert not thin, f"question types with fewer than 8 vectors: {thin}"


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_question_is_in_runtime_shape(case: dict[str, Any]) -> None:
    """The vector's question is exactly what to_runtime_dict() produces, so the JavaScript
    grader reads the same shape the packages carry."""
    question = question_from_runtime(case["question"])
    assert question.to_runtime_dict() == case["question"]


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_grading_vector(case: dict[str, Any]) -> None:
    question = question_from_runtime(case["question"])
    result = grade(question, case["response"])
    expected = case["expected"]
    actual = {
        "score": result.score,
        "correct": result.correct,
        "answered": result.answered,
        "parts": list(result.parts),
        "survey_score": result.survey_score,
    }
    message = f"{case['note']}: got {actual}"
    assert abs(result.score - expected["score"]) <= EPSILON, message
    assert result.correct is expected["correct"], message
    assert result.answered is expected["answered"], message
    assert all(isinstance(p, bool) for p in result.parts), message
    assert list(result.parts) == expected["parts"], message
    if "survey_score" in expected:
        assert abs(result.survey_score - expected["survey_score"]) <= EPSILON, message
