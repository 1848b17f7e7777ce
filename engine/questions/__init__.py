"""The question types, one module each, and their registry.

`TYPES` maps a type's name (the `type:` of a quiz file) to its `QuestionType`: the keys it
declares, its model class, build, form reading, grader and part order. The engine looks types
up here and nowhere else; exporters keep their per-type mappings beside them, checked
against this registry by their tests. Adding a type: docs/question-types.md.

Every module of this package that defines `TYPE` is a question type, found when the package
is imported: adding a type is adding its module, with no list to edit. The classes of the
first ten types are also named below, for `from engine.questions import SingleChoice`.
"""

from __future__ import annotations

import importlib
import pkgutil

from engine.questions.base import Blank, Choice, Grade, Option, Question, QuestionType
from engine.questions.fill_blanks import FillBlanks
from engine.questions.likert import Likert
from engine.questions.matching import Matching
from engine.questions.multiple_choice import MultipleChoice
from engine.questions.numeric import Numeric
from engine.questions.open import Open
from engine.questions.ordering import Ordering
from engine.questions.short_answer import ShortAnswer
from engine.questions.single_choice import SingleChoice
from engine.questions.true_false import TrueFalse


def _discover() -> dict[str, QuestionType]:
    """The `TYPE` of every module of this package, in their `order`."""
    found = []
    for info in pkgutil.iter_modules(__path__):
        kind = getattr(importlib.import_module(f"{__name__}.{info.name}"), "TYPE", None)
        if isinstance(kind, QuestionType):
            found.append(kind)
    return {kind.name: kind for kind in sorted(found, key=lambda kind: (kind.order, kind.name))}


TYPES: dict[str, QuestionType] = _discover()


def question_type(question: Question) -> QuestionType:
    """The registered type of a question."""
    return TYPES[question.type]


__all__ = [
    "TYPES",
    "Blank",
    "Choice",
    "FillBlanks",
    "Grade",
    "Likert",
    "Matching",
    "MultipleChoice",
    "Numeric",
    "Open",
    "Option",
    "Ordering",
    "Question",
    "QuestionType",
    "ShortAnswer",
    "SingleChoice",
    "TrueFalse",
    "question_type",
]
