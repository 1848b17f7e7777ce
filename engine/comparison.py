"""How typed answers compare: the one normalisation of texts and numbers both graders apply.

`static/liane-grading.js` spells the same rules out (see `engine.grading`):
- whitespace is the explicit class `WHITESPACE` in both languages (Python's and JavaScript's
  `\\s` differ); numbers parse with one regex, never float()/Number();
- case folds with lower()/toLowerCase() (then NFC again); accents drop after NFD, category
  Mn only; typographic apostrophes become '; whitespace folds last.
"""

from __future__ import annotations

import re
import unicodedata

WHITESPACE = (
    "[ \\t\\n\\r\\f\\v\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff]"
)
SPACES = re.compile(WHITESPACE + "+")
NUMBER = re.compile(r"^[+-]?[0-9]+(?:[.,][0-9]+)?$")
APOSTROPHES = re.compile("[\u2019\u2018\u02bc\u2032]")  # ’ ‘ ʼ ′ as typed by phones


def normalize_text(text: str, *, case_sensitive: bool = False, ignore_accents: bool = False) -> str:
    """The form in which typed answers are compared.

    Order matters: lower() can undo NFC, and removing an accent can leave spaces to fold,
    so whitespace is folded last (the result is then stable: normalizing twice changes
    nothing). Typographic apostrophes count as the plain one: French phones type ’.
    """
    text = APOSTROPHES.sub("'", unicodedata.normalize("NFC", text))
    if not case_sensitive:
        text = unicodedata.normalize("NFC", text.lower())
    if ignore_accents:
        text = strip_accents(text)
    return fold_spaces(text)


def fold_spaces(text: str) -> str:
    """Runs of whitespace as one space, none at either end."""
    return SPACES.sub(" ", text).strip(" ")


def strip_accents(text: str) -> str:
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    )


def parse_number(text: str) -> float | None:
    """`3,5` and `3.5` are 3.5; anything else (empty, `1e3`, `inf`, `1_000`) is not a number."""
    text = fold_spaces(text)
    if not NUMBER.match(text):
        return None
    return float(text.replace(",", "."))
