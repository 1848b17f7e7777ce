"""The question types, one module each, and their registry.

`TYPES` maps a type's name (the `type:` of a quiz file) to its `QuestionType`: the keys it
declares, its model class, build, form reading, grader and part order. The engine looks types
up here and nowhere else; exporters keep their per-type mappings beside them, checked
against this registry by their tests. Adding a type: docs/question-types.md.
"""

from __future__ import annotations

from engine.questions import (
    fill_blanks,
    likert,
    matching,
    multiple_choice,
    numeric,
    numeric_range,
    open,
    ordering,
    short_answer,
    single_choice,
    true_false,
)
from engine.questions.base import Blank, Choice, Grade, Option, Question, QuestionType
from engine.questions.fill_blanks import FillBlanks
from engine.questions.likert import Likert
from engine.questions.matching import Matching
from engine.questions.multiple_choice import MultipleChoice
from engine.questions.numeric import Numeric
from engine.questions.numeric_range import NumericRange
from engine.questions.open import Open
from engine.questions.ordering import Ordering
from engine.questions.short_answer import ShortAnswer
from engine.questions.single_choice import SingleChoice
from engine.questions.true_false import TrueFalse

# In this order in messages ("known types: ..."), the JSON Schema and the guides.
TYPES: dict[str, QuestionType] = {module.TYPE.name: module.TYPE for module in (
    single_choice, multiple_choice, true_false, short_answer, numeric, numeric_range, matching,
    ordering, fill_blanks, likert, open,
)}


def question_type(question: Question) -> QuestionType:
    """The registered type of a question."""
    return TYPES[question.type]


__all__ = [
    "TYPES", "Blank", "Choice", "FillBlanks", "Grade", "Likert", "Matching", "MultipleChoice",
    "Numeric", "NumericRange", "Open", "Option", "Ordering", "Question", "QuestionType",
    "ShortAnswer", "SingleChoice", "TrueFalse", "question_type",
]
