"""The examples of the author guides load with the engine, so the guides cannot drift from it.

In docs/authoring.fr.md and docs/authoring.en.md, a fenced block is an example to check when:
- it is a ```yaml block whose first line is `# quiz`: a complete quiz file;
- it is a ```yaml block whose first line is `# course.yml`: a complete course.yml, loaded with
  a stub file for each item it lists (lessons "# Title", quizzes a minimal valid quiz);
- it is a ```yaml block whose first line is `# paths.yml`: a paths.yml, loaded next to a stub
  course for each course it names;
- it is a ```markdown block that starts with front matter (`---`): a complete lesson.
Local images and links in an example get stub files. Each example must load with no problem
at all, not even a warning. Examples of mistakes are written in other blocks, on purpose.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

import pytest
import yaml

from engine.errors import Problem
from engine.loader import load_course, load_library

DOCS = Path(__file__).resolve().parent.parent.parent / "docs"
GUIDES = ("authoring.fr.md", "authoring.en.md")
STUB_QUIZ = "title: Stub\nquestions:\n  - type: true_false\n    prompt: Stub\n    answer: true\n"
FENCE = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})(?P<info>[^`\n]*)$")
TARGET = re.compile(r"\]\(<?([^)\s>]+)")  # the target of a Markdown link or image


@dataclass(frozen=True)
class Example:
    guide: str
    line: int  # where the block's text starts in the guide
    kind: str  # quiz | course | paths | lesson
    text: str

    @property
    def name(self) -> str:
        return f"{self.guide}:{self.line}:{self.kind}"


def fenced_blocks(text: str) -> list[tuple[int, str, str]]:
    """(first line number, info string, content) of every fenced block of a Markdown text."""
    blocks: list[tuple[int, str, str]] = []
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        opening = FENCE.match(lines[i])
        if not opening:
            i += 1
            continue
        fence, indent = opening["fence"], len(opening["indent"])
        body: list[str] = []
        i += 1
        while i < len(lines):
            closing = FENCE.match(lines[i])
            if (
                closing
                and closing["fence"][0] == fence[0]
                and len(closing["fence"]) >= len(fence)
                and not closing["info"].strip()
            ):
                break
            body.append(lines[i][indent:] if lines[i][:indent].isspace() else lines[i])
            i += 1
        blocks.append((i - len(body) + 1, opening["info"].strip(), "\n".join(body) + "\n"))
        i += 1
    return blocks


def examples(guide: str) -> list[Example]:
    found = []
    for line, info, body in fenced_blocks((DOCS / guide).read_text(encoding="utf-8")):
        language = info.split(" ")[0].lower()
        first = body.split("\n", 1)[0].strip()
        kind = None
        if language in ("yaml", "yml"):
            kind = {"# quiz": "quiz", "# course.yml": "course", "# paths.yml": "paths"}.get(first)
        elif language in ("markdown", "md") and first == "---":
            kind = "lesson"
        if kind:
            found.append(Example(guide, line, kind, body))
    return found


ALL = [example for guide in GUIDES if (DOCS / guide).is_file() for example in examples(guide)]


def stub_targets(text: str) -> dict[str, str | bytes]:
    """Stub files for the local links and images of an example written at the course root:
    a linked lesson gets a title, a linked quiz a minimal quiz, anything else a few bytes."""
    files: dict[str, str | bytes] = {}
    for target in TARGET.findall(text):
        parts = urlsplit(target)
        if parts.scheme or target.startswith("//") or not parts.path:
            continue
        rel = PurePosixPath(parts.path).as_posix()
        files[rel] = (
            "# Stub\n"
            if rel.endswith(".md")
            else STUB_QUIZ
            if rel.endswith((".yml", ".yaml"))
            else b"stub"
        )
    return files


def show(problems: list[Problem], root: Path) -> str:
    return "\n".join(p.format(root) for p in problems)


def listed_items(course_yml: str) -> list[str]:
    data = yaml.safe_load(course_yml)
    return [item for module in data["modules"] for item in module["items"]]


@pytest.mark.parametrize("example", ALL, ids=[e.name for e in ALL])
def test_guide_example_loads_without_any_problem(
    example: Example, make_course: Callable[..., Path], tmp_path: Path
) -> None:
    if example.kind == "quiz":
        root = make_course({**stub_targets(example.text), "quiz.yml": example.text})
        course, problems = load_course(root)
        assert problems == [], show(problems, root)
        assert course is not None and len(course.quizzes) == 1
    elif example.kind == "lesson":
        root = make_course({**stub_targets(example.text), "lesson.md": example.text})
        course, problems = load_course(root)
        assert problems == [], show(problems, root)
        assert course is not None and "lesson" in [lesson.id for lesson in course.lessons]
    elif example.kind == "course":
        files: dict[str, str | bytes] = {"course.yml": example.text}
        for item in listed_items(example.text):
            files[item] = STUB_QUIZ if item.endswith((".yml", ".yaml")) else "# Title\n"
        root = make_course(files)
        course, problems = load_course(root)
        assert problems == [], show(problems, root)
        assert course is not None
        assert len(list(course.items())) == len(listed_items(example.text))
    else:
        paths = yaml.safe_load(example.text)
        for course_id in {cid for path in paths for cid in path["courses"]}:
            make_course({"lesson.md": "# Title\n"}, course_id=course_id)
        (tmp_path / "paths.yml").write_text(example.text, encoding="utf-8")
        library, problems = load_library(tmp_path)
        assert problems == [], show(problems, tmp_path)
        assert library is not None and len(library.paths) == len(paths)


@pytest.mark.parametrize("guide", GUIDES)
def test_guide_marks_its_complete_examples(guide: str) -> None:
    """The markers are what the check above relies on: losing them would check nothing."""
    kinds = [example.kind for example in examples(guide)]
    assert kinds.count("quiz") >= 12, kinds
    assert kinds.count("course") >= 1 and kinds.count("paths") >= 1, kinds
    assert kinds.count("lesson") >= 1, kinds


def test_both_guides_have_the_same_examples() -> None:
    """The English guide is a translation of the French one: same examples, same order."""
    french, english = ([example.kind for example in examples(guide)] for guide in GUIDES)
    assert french == english


def test_every_question_type_has_an_example() -> None:
    from engine.schema import QUESTION_TYPES

    for guide in GUIDES:
        types = {
            question["type"]
            for example in examples(guide)
            if example.kind == "quiz"
            for question in yaml.safe_load(example.text)["questions"]
        }
        assert types == set(QUESTION_TYPES), f"{guide}: missing {set(QUESTION_TYPES) - types}"


# Mistakes quoted in section 11 of each guide, as whole quiz files: the guide must show the
# line the checker prints for them, in the guide's language, for a course folder `demo`.
QUOTED_MISTAKES = {
    ("authoring.fr.md", "fr"): [
        "title: Quiz\nquestions:\n  - type: true_false\n"
        "    prompt: Attention: le genre est une construction sociale.\n    answer: true\n",
        "title: Quiz\nquestions:\n  - type: true_false\n"
        "    prompt: Le genre est une construction sociale.\n    answer: Oui\n",
        "title: Quiz\npass_mark: 80\nquestions:\n  - type: true_false\n"
        "    prompt: Le genre est une construction sociale.\n    answer: true\n",
        "title: Quiz\nquestions:\n  - type: true_false\n"
        "    prompt: Le genre est une construction sociale.\n    answer: true\n"
        "    explication: Il varie selon les sociétés et les époques.\n",
    ],
    ("authoring.en.md", "en"): [
        "title: Quiz\nquestions:\n  - type: true_false\n"
        "    prompt: Remember: gender is a social construct.\n    answer: true\n",
        "title: Quiz\nquestions:\n  - type: true_false\n"
        "    prompt: Gender is a social construct.\n    answer: Yes\n",
        "title: Quiz\npass_mark: 80\nquestions:\n  - type: true_false\n"
        "    prompt: Gender is a social construct.\n    answer: true\n",
        "title: Quiz\nquestions:\n  - type: true_false\n"
        "    prompt: Gender is a social construct.\n    answer: true\n"
        "    explanations: Gender roles vary between societies and over time.\n",
    ],
}


@pytest.mark.parametrize(("guide", "language"), list(QUOTED_MISTAKES))
def test_guides_quote_the_checker_real_messages(
    guide: str, language: str, make_course: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Spot-check: the messages quoted in the guides are the ones the checker prints."""
    monkeypatch.setenv("LIANE_LANG", language)
    text = (DOCS / guide).read_text(encoding="utf-8")
    for quiz in QUOTED_MISTAKES[(guide, language)]:
        root = make_course({"quiz-1.yml": quiz}, course_id="demo")  # rewritten each time
        _course, problems = load_course(root)
        assert len(problems) == 1, show(problems, root)
        line = problems[0].format(root.parent)
        assert line in text, f"{guide} does not quote: {line}"


@pytest.mark.parametrize("guide", GUIDES)
def test_every_workshop_key_has_an_example(guide: str) -> None:
    """The kit's keys (issue 11): the course example has group_size and materials, a quiz
    example has duration, and a lesson example has a whole activity sheet."""
    from engine.schema import ACTIVITY_SHEET

    found = examples(guide)
    courses = [yaml.safe_load(e.text) for e in found if e.kind == "course"]
    assert any({"group_size", "materials"} <= set(course) for course in courses)
    assert any("duration" in yaml.safe_load(e.text) for e in found if e.kind == "quiz")
    fronts = [yaml.safe_load(e.text.split("---\n")[1]) for e in found if e.kind == "lesson"]
    assert any(set(ACTIVITY_SHEET) <= set(front) for front in fronts)


# A debrief written as a text (section 4.8), as a lesson's front matter.
QUOTED_SHEET_MISTAKES = {
    ("authoring.fr.md", "fr"): "method: Photolangage\ndebrief: Qu'avez-vous ressenti ?\n",
    ("authoring.en.md", "en"): "method: Photolanguage\ndebrief: How did you feel?\n",
}


@pytest.mark.parametrize(("guide", "language"), list(QUOTED_SHEET_MISTAKES))
def test_guides_quote_the_real_activity_sheet_message(
    guide: str, language: str, make_course: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LIANE_LANG", language)
    front = QUOTED_SHEET_MISTAKES[(guide, language)]
    assert f"```yaml\n{front}```" in (DOCS / guide).read_text(encoding="utf-8")
    root = make_course({"photos.md": f"---\n{front}---\n# Photos\n\nText.\n"}, course_id="demo")
    _course, problems = load_course(root)
    assert len(problems) == 1, show(problems, root)
    line = problems[0].format(root.parent)
    assert line in (DOCS / guide).read_text(encoding="utf-8"), f"{guide} does not quote: {line}"
