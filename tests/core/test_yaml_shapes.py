"""Any shape of YAML gives a problem, never an exception (issue 13).

Every value of the bundled courses' course.yml, quiz files and lessons' front matter is
replaced, one at a time, in a copy of the course, by a value of another shape (nothing, an
empty text, list or mapping, a text, a number, a list, a mapping, a huge number, control
characters, a very long text); `load_course` must report problems (or load the course when
the new value happens to be valid), never raise. Hypothesis picks a bounded number of
(file, value, replacement) triples, derandomized so that CI always runs the same ones.
"""

from __future__ import annotations

import copy
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.errors import Problem, has_errors
from engine.loader import load_course
from engine.sources import LianeLoader

COURSES = Path(__file__).resolve().parents[2] / "courses"
FRONT_MATTER = re.compile(r"\A---\n(.*?\n)---\n", re.DOTALL)
WRONG_SHAPES: list[Any] = [
    None,
    "",
    [],
    {},
    "du texte",
    7,
    True,
    [None],
    ["a", "b"],
    {"clé": "valeur"},
    10**30,
    "\x00\x07\x1b\u200b",
    "long " * 20_000,
]


def plain(value: Any) -> Any:
    """The loaded YAML as built-in types (the loader's int/float subclasses cannot be dumped)."""
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    return value


def keypaths(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from keypaths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from keypaths(item, (*path, index))


def replaced(data: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    data = copy.deepcopy(data)
    parent = data
    for step in path[:-1]:
        parent = parent[step]
    parent[path[-1]] = new
    return data


def sources() -> list[tuple[str, str, tuple[Any, ...]]]:
    """(course, file, keypath) of every value of every YAML part of the bundled courses."""
    found = []
    for course in sorted(p for p in COURSES.iterdir() if (p / "course.yml").is_file()):
        for file in sorted(course.iterdir()):
            if file.suffix not in (".yml", ".md"):
                continue
            text = file.read_text(encoding="utf-8")
            match = FRONT_MATTER.match(text) if file.suffix == ".md" else None
            if file.suffix == ".md" and match is None:
                continue
            data = yaml.load(match.group(1) if match else text, Loader=LianeLoader)
            found += [(course.name, file.name, path) for path in keypaths(data)]
    return found


SOURCES = sources()


def write_with(file: Path, original: str, path: tuple[Any, ...], new: Any) -> None:
    """The file with the value at `path` replaced, written back as YAML (or front matter)."""
    match = FRONT_MATTER.match(original) if file.suffix == ".md" else None
    data = plain(yaml.load(match.group(1) if match else original, Loader=LianeLoader))
    dumped = yaml.safe_dump(replaced(data, path, new), allow_unicode=True, sort_keys=False)
    file.write_text(
        f"---\n{dumped}---\n{original[match.end() :]}" if match else dumped, encoding="utf-8"
    )


def assert_reported(course: Any, problems: list[Problem], root: Path) -> None:
    """No exception got here; the verdict and the problems agree and point into the course."""
    assert (course is None) == has_errors(problems)
    for problem in problems:
        assert problem.pos.path.is_relative_to(root), problem
        assert problem.pos.line >= 1 and problem.pos.column >= 1, problem
        assert problem.message, problem


@pytest.fixture(scope="module")
def copies(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("courses")
    for course in {name for name, _file, _path in SOURCES}:
        shutil.copytree(COURSES / course, root / course)
    return root


def test_every_value_of_the_bundled_courses_is_a_candidate() -> None:
    files = {(course, file) for course, file, _path in SOURCES}
    assert ("genre-bases", "course.yml") in files
    assert ("genre-bases", "autodiagnostic-marqueur-genre.yml") in files
    assert any(file.endswith(".md") for _course, file in files)  # front matter too
    assert len(SOURCES) > 1000


@settings(
    max_examples=150,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(source=st.sampled_from(SOURCES), new=st.sampled_from(WRONG_SHAPES))
def test_a_value_of_any_shape_gives_problems_not_an_exception(
    copies: Path, source: tuple[str, str, tuple[Any, ...]], new: Any
) -> None:
    course_name, file_name, path = source
    file = copies / course_name / file_name
    original = (COURSES / course_name / file_name).read_text(encoding="utf-8")
    write_with(file, original, path, new)
    try:
        course, problems = load_course(copies / course_name)
    finally:
        file.write_text(original, encoding="utf-8")
    assert_reported(course, problems, copies / course_name)


COURSE_HINT = "(course.yml starts with `title:`, then `modules:` listing the lessons and quizzes)"
EMPTY_ITEM_HINT = "(write the item after `- `, or remove the line)"


def make_course(tmp_path: Path, course_yml: str, quiz: str | None = None) -> Path:
    root = tmp_path / "demo"
    root.mkdir()
    (root / "course.yml").write_text(course_yml, encoding="utf-8")
    if quiz is not None:
        (root / "quiz.yml").write_text(quiz, encoding="utf-8")
    return root


def lines(problems: list[Problem], root: Path) -> list[str]:
    return [p.format(root) for p in problems]


def test_an_empty_course_yml(tmp_path: Path) -> None:
    root = make_course(tmp_path, "")
    course, problems = load_course(root)
    assert course is None
    assert lines(problems, root) == ["course.yml:1:1: error: the file is empty " + COURSE_HINT]


def test_a_list_where_a_mapping_is_expected(tmp_path: Path) -> None:
    root = make_course(tmp_path, "- title: Demo\n- modules: []\n")
    course, problems = load_course(root)
    assert course is None
    assert lines(problems, root) == [
        "course.yml:1:1: error: expected a set of `key: value` lines, found a list " + COURSE_HINT
    ]


MODULES = "title: Demo\nmodules:\n  - title: One\n    items:\n      - quiz.yml\n"


def test_a_null_list_entry(tmp_path: Path) -> None:
    root = make_course(
        tmp_path, MODULES + "      -\n", "title: Q\nquestions:\n  - type: open\n    prompt: Why?\n"
    )
    course, problems = load_course(root)
    assert course is None
    assert lines(problems, root) == [
        "course.yml:6:8: error: empty item in the list " + EMPTY_ITEM_HINT
    ]


def test_a_null_outcome_band(tmp_path: Path) -> None:
    quiz = (
        "title: Q\nkind: survey\nquestions:\n  - type: single_choice\n    prompt: Why?\n"
        "    options:\n      - {text: A, score: 0}\n      - {text: B, score: 1}\n"
        "outcomes:\n  - {min: 0, max: 1, title: All}\n  -\n"
    )
    root = make_course(tmp_path, MODULES, quiz)
    course, problems = load_course(root)
    assert course is None
    assert lines(problems, root) == [
        "quiz.yml:11:4: error: empty item in the list " + EMPTY_ITEM_HINT
    ]
