"""SCORM packages in a real browser, against scorm-again playing the LMS.

The bundled genre-bases course is exported for SCORM 1.2 and 2004 and played in Chromium
inside an LMS harness (see tests/helpers/lms.py): a learner completes it through accessible
roles and labels; the tests then check the CMI values the LMS received, the calls it saw (one
Initialize, one Terminate, nothing before or after, no refused value), resuming after a
relaunch, a pop-up launch, the suspend_data limit in the worst case, the standalone mode from
file://, and that nothing is requested from another host.
"""

from __future__ import annotations

import html
import re
from typing import Any

import pytest

from engine.i18n import translator
from engine.model import (
    Course,
    FillBlanks,
    Likert,
    Matching,
    MultipleChoice,
    Numeric,
    Open,
    Ordering,
    Question,
    Quiz,
    ShortAnswer,
    SingleChoice,
    TrueFalse,
)
from engine.numbers import format_percent, format_points
from engine.rules import QuizRecord, course_status, may_explain, shown_feedback
from tests.helpers.lms import STANDARDS, axe_violations, mastery_score, moodle_cmi, screenshot
from tests.helpers.server import LiveServer

pytestmark = pytest.mark.slow

VISIBLE = "section.sco-item:not([hidden])"
# Every section shows until the runtime runs (the page reads without script); the runtime then
# shows the controls only it can run, the header's Finish button among them.
READY = "#liane-finish"
CALL_NAMES = {
    "scorm12": {"init": "LMSInitialize", "finish": "LMSFinish", "set": "LMSSetValue"},
    "scorm2004": {"init": "Initialize", "finish": "Terminate", "set": "SetValue"},
}


def text_of(fragment: str) -> str:
    """What a screen reader reads of an HTML fragment: its text, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


class Learner:
    """Plays the course inside the harness as a learner would: by roles and labels."""

    def __init__(self, frame: Any, course: Course) -> None:
        self.frame = frame
        self.course = course
        self.tr = translator(course.language).gettext

    @property
    def section(self) -> Any:
        return self.frame.locator(VISIBLE)

    def item(self) -> str:
        return str(self.section.get_attribute("data-item"))

    def next(self) -> None:
        before = self.item()
        self.section.get_by_role("button", name=f"{self.tr('Next')} →").click()
        assert self.item() != before

    def outline(self, title: str) -> None:
        """Open the outline (a disclosure) and follow the link to an item."""
        outline = self.frame.get_by_role("navigation", name=self.tr("Outline"))
        link = outline.get_by_role("link", name=title, exact=True)
        if not link.is_visible():
            outline.get_by_text(self.tr("Outline"), exact=True).click()
        link.click()
        assert self.item() == next(i.id for i in self.course.items() if i.title == title)

    def quiz(self) -> Quiz:
        found = self.course.item(self.item())
        assert isinstance(found, Quiz)
        return found

    def shown_questions(self) -> list[Question]:
        """The questions of the attempt, in the order shown (draws hide the others)."""
        boxes = self.section.locator("fieldset[data-question]:not([hidden])")
        ids = [boxes.nth(i).get_attribute("data-question") for i in range(boxes.count())]
        quiz = self.quiz()
        return [q for qid in ids if (q := quiz.question(str(qid))) is not None]

    def answer(self, question: Question, *, text: str | None = None) -> None:
        """The right answer (surveys and likert: the first choice; open: `text`)."""
        box = self.section.locator(f'fieldset[data-question="{question.id}"]')
        tr = self.tr
        if isinstance(question, MultipleChoice):
            for option in question.options:
                box.get_by_role("checkbox", name=text_of(option.text), exact=True).set_checked(
                    option.correct
                )
        elif isinstance(question, SingleChoice):
            option = next((o for o in question.options if o.correct), question.options[0])
            box.get_by_role("radio", name=text_of(option.text), exact=True).check()
        elif isinstance(question, TrueFalse):
            box.get_by_role(
                "radio", name=tr("True") if question.answer else tr("False"), exact=True
            ).check()
        elif isinstance(question, ShortAnswer):
            box.get_by_role("textbox").fill(text or question.answers[0])
        elif isinstance(question, Numeric):
            box.get_by_role("textbox").fill(f"{question.answer:g}".replace(".", ","))
        elif isinstance(question, Matching):
            # Each select's options read "A. <text>", lettered in the order shown: chosen by
            # their value, the choice's id.
            lefts = {left.id: text_of(left.text) for left in question.lefts}
            for left, right in question.solution:
                box.get_by_label(lefts[left], exact=True).select_option(value=right)
        elif isinstance(question, Ordering):
            for position, item in enumerate(question.solution, start=1):
                box.get_by_label(tr("Position %(n)s") % {"n": position}, exact=True).select_option(
                    value=item
                )
        elif isinstance(question, FillBlanks):
            # Each blank is named by the words around it (content/questions/fill_blanks.html).
            fields = box.locator("input.blank")
            for n, blank in enumerate(question.blanks):
                fields.nth(n).fill(text or blank.answers[0])
        elif isinstance(question, Likert):
            for statement in question.statements:
                box.get_by_role("group", name=text_of(statement.text), exact=True).get_by_role(
                    "radio", name=question.scale[0], exact=True
                ).check()
        elif isinstance(question, Open):
            box.get_by_role("textbox").fill(
                text or " ".join(["réflexion"] * max(question.min_words, 3))
            )

    def submit(self) -> str:
        """Press "Check my answers", and "Send anyway" when blank questions ask first."""
        self.section.get_by_role("button", name=self.tr("Check my answers")).click()
        result = self.section.locator(".quiz-result")
        self.section.locator(".quiz-result:not([hidden]), .confirm-unanswered").first.wait_for()
        if self.section.locator(".confirm-unanswered").count():
            self.section.get_by_role("button", name=self.tr("Send anyway")).click()
        result.wait_for()
        return str(result.inner_text())

    def finish(self, *, pager: bool = False) -> None:
        """The pager's Finish button (last item), else the header's."""
        where = self.section if pager else self.frame.locator("header")
        where.get_by_role("button", name=self.tr("Finish"), exact=True).click()


def open_harness(
    context: Any,
    site: LiveServer,
    standard: str,
    cmi: dict[str, Any] | None = None,
    *,
    popup: bool = False,
    package: str | None = None,
    sco: str = "index.html",
    blank: bool = False,
) -> tuple[Any, Any]:
    """The harness page with the LMS API set up, and the frame (or pop-up) of the course."""
    url = f"{package or standard}/{sco}"
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{site.url}/harness.html")
    page.evaluate(
        "([standard, cmi, blank]) => setupLms(standard, cmi, blank)", [standard, cmi, blank]
    )
    if popup:
        with context.expect_page() as opened:
            page.evaluate("url => launch(url, true)", url)
        course_page = opened.value
        course_page.on("pageerror", lambda error: errors.append(str(error)))
        frame = course_page
    else:
        page.evaluate("url => launch(url, false)", url)
        frame = page.frame_locator("#course")
    frame.locator(READY).wait_for()
    page.errors = errors  # checked by calls_of
    return page, frame


def calls_of(page: Any, standard: str, *, terminated: bool = True) -> list[dict[str, Any]]:
    """The calls the package made, checked against the rules every LMS expects."""
    names = CALL_NAMES[standard]
    calls: list[dict[str, Any]] = page.evaluate("calls")
    assert calls and calls[0]["fn"] == names["init"], "a call came before Initialize"
    assert [c["fn"] for c in calls].count(names["init"]) == 1
    if terminated:
        assert [c["fn"] for c in calls].count(names["finish"]) == 1
        assert calls[-1]["fn"] == names["finish"], "a call came after Terminate"
    refused = [
        c
        for c in calls
        if c["result"] != "true"
        and c["fn"] in (names["init"], names["finish"], names["set"], "LMSCommit", "Commit")
    ]
    assert refused == [], refused
    # What a stricter LMS (Moodle) or the standard itself would refuse (tests/js/cmi-strict.js)
    violations = page.evaluate("violations")
    assert violations == [], violations
    assert page.errors == []
    return calls


def written(page: Any) -> dict[str, str]:
    values: dict[str, str] = page.evaluate("written()")
    return values


def interactions(values: dict[str, str]) -> dict[int, dict[str, str]]:
    found: dict[int, dict[str, str]] = {}
    for key, value in values.items():
        match = re.fullmatch(r"cmi\.interactions\.(\d+)\.(.+)", key)
        if match:
            found.setdefault(int(match.group(1)), {})[match.group(2)] = value
    return found


def location_key(standard: str) -> str:
    return "cmi.core.lesson_location" if standard == "scorm12" else "cmi.location"


def relaunch_cmi(values: dict[str, str], standard: str) -> dict[str, Any]:
    """What the LMS gives the package back at the next launch: suspend_data and location."""
    location = location_key(standard)
    cmi: dict[str, Any] = {"suspend_data": values["cmi.suspend_data"]}
    if standard == "scorm12":
        cmi["core"] = {"lesson_location": values[location]}
    else:
        cmi["location"] = values[location]
    return cmi


def interaction_count(questions: list[Question]) -> int:
    """The interactions the answers to these questions make: one per question, one per
    statement of a likert question."""
    return sum(len(q.statements) if isinstance(q, Likert) else 1 for q in questions)


def play_whole_course(learner: Learner, course: Course) -> int:
    """Every item, every quiz answered right; returns the number of interactions the answers
    make: one per question, one per statement of a likert question."""
    answered = 0
    items = list(course.items())
    for index, item in enumerate(items):
        assert learner.item() == item.id
        if isinstance(item, Quiz):
            questions = learner.shown_questions()
            assert len(questions) == (item.draw or len(item.questions))
            for question in questions:
                learner.answer(question)
            outcome = learner.submit()
            if item.graded:
                assert "100 %" in outcome and learner.tr("Passed") in outcome, outcome
            else:
                assert any(o.title in outcome for o in item.outcomes), outcome
            answered += interaction_count(questions)
        if index < len(items) - 1:
            learner.next()
    return answered


@pytest.mark.parametrize("standard", STANDARDS)
def test_a_learner_completes_the_course(
    context: Any, site: LiveServer, course: Course, standard: str
) -> None:
    # As Moodle launches it: 1.2 with the manifest's mastery score, applied at LMSFinish
    mastery = mastery_score(site, standard) if standard == "scorm12" else None
    assert standard == "scorm2004" or mastery == "75"
    page, frame = open_harness(context, site, standard, moodle_cmi(standard, None, mastery=mastery))
    learner = Learner(frame, course)
    assert learner.item() == list(course.items())[0].id
    answered = play_whole_course(learner, course)
    screenshot(page, f"scorm-{standard}-survey-result")
    learner.finish(pager=True)
    frame.get_by_text(learner.tr("You can close this window.")).first.wait_for()
    calls = calls_of(page, standard)
    values = written(page)
    found = interactions(values)
    types = {i["type"] for i in found.values()}
    assert len(found) == answered
    assert len({i["id"] for i in found.values()}) == answered
    true_false = next(i for i in found.values() if i["id"] == "quiz-1-notions-genre-change-1")
    matching = next(i for i in found.values() if i["id"] == "quiz-1-notions-trois-roles-1")
    ordering = next(i for i in found.values() if i["id"] == "quiz-2-cycle-de-projet-cycle-1")
    numeric = next(i for i in found.values() if "proportion-femmes" in i["id"])
    likert = [i for i in found.values() if i["type"] == "likert"]
    likert_question = next(
        q for quiz in course.quizzes for q in quiz.questions if isinstance(q, Likert)
    )
    assert [i["id"].rsplit("-", 1)[1] for i in likert] == [
        f"s{s.id}" for s in likert_question.statements
    ]  # one per statement
    quiz2 = course.item("quiz-2-cycle-de-projet")
    assert isinstance(quiz2, Quiz)
    cycle = quiz2.question("cycle")
    assert isinstance(cycle, Ordering)
    if standard == "scorm12":
        assert values["cmi.core.lesson_status"] == "passed"
        assert values["cmi.core.score.raw"] == "100"
        assert values["cmi.core.score.min"] == "0" and values["cmi.core.score.max"] == "100"
        assert values["cmi.core.exit"] == ""
        assert re.fullmatch(r"\d{2,4}:\d\d:\d\d\.\d\d", values["cmi.core.session_time"])
        assert types == {
            "choice",
            "true-false",
            "fill-in",
            "numeric",
            "matching",
            "sequencing",
            "likert",
        }
        assert true_false["student_response"] == true_false["correct_responses.0.pattern"] == "f"
        assert matching["correct_responses.0.pattern"] == "1.c,2.d,3.b"
        assert matching["student_response"] == matching["correct_responses.0.pattern"]
        assert ordering["student_response"] == ",".join(cycle.solution)
        assert numeric["student_response"] == "32.5" and numeric["result"] == "correct"
        assert all(len(i.get("student_response", "")) <= 255 for i in found.values())
        assert all(re.fullmatch(r"[A-Za-z0-9_-]{1,255}", i["id"]) for i in found.values())
        assert len(values["cmi.suspend_data"]) <= 4096
        assert {i["student_response"] for i in likert} == {"1"}  # the first point of the scale
    else:
        assert values["cmi.completion_status"] == "completed"
        assert values["cmi.success_status"] == "passed"
        assert values["cmi.score.raw"] == "100" and values["cmi.score.scaled"] == "1"
        assert values["cmi.exit"] == "normal"
        assert re.fullmatch(r"PT(\d+H)?(\d+M)?([\d.]+S)?", values["cmi.session_time"])
        assert types == {
            "choice",
            "true-false",
            "fill-in",
            "long-fill-in",
            "numeric",
            "matching",
            "sequencing",
            "likert",
        }
        assert true_false["learner_response"] == "false"
        assert matching["correct_responses.0.pattern"] == "1[.]c[,]2[.]d[,]3[.]b"
        assert ordering["learner_response"] == "[,]".join(cycle.solution)
        assert numeric["correct_responses.0.pattern"] == "32[:]33"
        assert numeric["learner_response"] == "32.5"
        assert all(i["description"] for i in found.values())
        assert {i["learner_response"] for i in likert} == {"1"}
        assert [i["description"] for i in likert] == [
            text_of(s.text) for s in likert_question.statements
        ]
        assert all(
            re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d\dZ", i["timestamp"])
            for i in found.values()
        )
    assert {i["result"] for i in found.values()} <= {"correct", "neutral"}
    # Every answer was right: the runtime's response matches the pattern the export wrote
    # (a 2004 numeric pattern is a range).
    response = "student_response" if standard == "scorm12" else "learner_response"
    compared = [
        i
        for i in found.values()
        if "correct_responses.0.pattern" in i
        and not (i["type"] == "numeric" and standard == "scorm2004")
    ]
    assert len(compared) > 20
    assert [i[response] for i in compared] == [i["correct_responses.0.pattern"] for i in compared]
    # Results and the finish went to the LMS with a Commit after them.
    commits = [n for n, c in enumerate(calls) if c["fn"] in ("LMSCommit", "Commit")]
    assert len(commits) >= 10 and commits[-1] == len(calls) - 2
    # The LMS's own view (scorm-again's CMI object) agrees.
    cmi = page.evaluate("JSON.parse(JSON.stringify(lms.cmi))")
    if standard == "scorm12":
        assert cmi["core"]["lesson_status"] == "passed" and cmi["core"]["score"]["raw"] == "100"
    else:
        assert cmi["completion_status"] == "completed" and cmi["success_status"] == "passed"


@pytest.mark.parametrize("standard", STANDARDS)
def test_a_relaunch_resumes_where_the_learner_left(
    context: Any, site: LiveServer, course: Course, standard: str
) -> None:
    page, frame = open_harness(context, site, standard)
    learner = Learner(frame, course)
    for _ in range(3):
        learner.next()
    quiz1 = learner.quiz()
    for question in learner.shown_questions():
        learner.answer(question)
    learner.submit()
    for _ in range(3):
        learner.next()
    assert learner.item() == "quiz-2-cycle-de-projet"
    shown = learner.shown_questions()
    order = [q.id for q in shown]
    short = next(q for q in shown if isinstance(q, ShortAnswer))
    true_false = next(q for q in shown if isinstance(q, TrueFalse))
    # Drafts are saved half a second after the last change: the harness notes how many calls
    # the package had made at each change, and the test waits for a draft written after it.
    page.evaluate("""() => {
        const course = document.getElementById("course").contentWindow;
        for (const type of ["input", "change"]) {
            course.addEventListener(type, () => { window.lastChange = calls.length; }, true);
        }
    }""")
    learner.answer(short, text="des données ventilées")
    learner.answer(true_false)
    page.wait_for_function(
        """set => typeof lastChange === "number" && calls.slice(lastChange)
        .some(c => c.fn === set && c.args[0] === "cmi.suspend_data")""",
        arg=CALL_NAMES[standard]["set"],
        timeout=5_000,
    )
    # The learner closes the course: the LMS unloads it.
    page.evaluate("document.getElementById('course').src = 'about:blank'")
    page.wait_for_function("calls.some(c => c.fn === 'LMSFinish' || c.fn === 'Terminate')")
    calls_of(page, standard)
    values = written(page)
    exit_key = "cmi.core.exit" if standard == "scorm12" else "cmi.exit"
    location = location_key(standard)
    assert values[exit_key] == "suspend"
    assert values[location] == "quiz-2-cycle-de-projet"
    # Relaunch with what the LMS kept; cmi.entry deliberately not "resume".
    if standard == "scorm12":
        cmi = {
            "suspend_data": values["cmi.suspend_data"],
            "core": {
                "lesson_location": values[location],
                "entry": "ab-initio",
                "lesson_status": values["cmi.core.lesson_status"],
            },
        }
    else:
        cmi = {
            "suspend_data": values["cmi.suspend_data"],
            "location": values[location],
            "entry": "ab-initio",
            "completion_status": values["cmi.completion_status"],
        }
    page.close()
    page, frame = open_harness(context, site, standard, cmi)
    learner = Learner(frame, course)
    assert learner.item() == "quiz-2-cycle-de-projet"
    assert [q.id for q in learner.shown_questions()] == order
    box = learner.section.locator(f'fieldset[data-question="{short.id}"]')
    assert box.get_by_role("textbox").input_value() == "des données ventilées"
    box = learner.section.locator(f'fieldset[data-question="{true_false.id}"]')
    assert box.get_by_role("radio", name=learner.tr("False")).is_checked()
    assert learner.section.locator(".quiz-result").is_hidden()
    # The first quiz shows its results, answers kept and locked.
    learner.outline(quiz1.title)
    result = learner.section.locator(".quiz-result")
    assert "100 %" in result.inner_text()
    crenshaw = learner.section.locator('fieldset[data-question="crenshaw"]')
    assert crenshaw.get_by_role("textbox").input_value() == "intersectionnalité"
    assert crenshaw.get_by_role("textbox").is_disabled()
    assert crenshaw.locator(".question-feedback").inner_text().strip()
    screenshot(page, f"scorm-{standard}-resumed-quiz")
    calls = calls_of(page, standard, terminated=False)
    set_name = CALL_NAMES[standard]["set"]
    status_key = "cmi.core.lesson_status" if standard == "scorm12" else "cmi.completion_status"
    assert all(
        c["args"][1] == "incomplete"
        for c in calls
        if c["fn"] == set_name and c["args"][0] == status_key
    )


def player_verdict(
    course: Course, question: Question, response: Any, *, reveal: bool, prefix: str = ""
) -> str:
    """What the player's results page shows under a question answered `response`, the
    right answers revealed or not (engine/player/quiz.py review(), with the same rules);
    `prefix` as the package's page gives its quiz (`k<index>-`)."""
    from engine.grading import grade
    from engine.templating import content_environment

    page = content_environment(course.language).from_string(
        '{% from "content/_questions.html" import verdict %}{{ verdict(q, review, prefix) }}'
    )
    graded = grade(question, response).to_dict()
    review = {
        "grade": {**graded, "feedback": shown_feedback(question, graded, reveal=reveal)},
        "explanation": question.explanation
        if may_explain(graded["correct"], reveal=reveal)
        else "",
    }
    return page.render(q=question.to_public_dict(), review=review, prefix=prefix)


def page_prefix(course: Course, quiz: Quiz) -> str:
    """The prefix of a quiz's element ids in a one-page package: its index on the page."""
    return f"k{list(course.items()).index(quiz)}-"


def content_macro(course: Course, call: str) -> str:
    """A macro of the content partials (`call`: its import and call) rendered in the
    course's language."""
    from engine.templating import content_environment

    return content_environment(course.language).from_string(call).render()


def player_summary(course: Course, pieces: str, **values: Any) -> str:
    """Pieces of a quiz's results summary as the player draws them: the macros of
    content/_results.html that quiz/results.html calls."""
    from engine.templating import content_environment

    page = content_environment(course.language).from_string(
        '{% import "content/_results.html" as summary %}' + pieces
    )
    return page.render(**values)


def same_markup(one: str, other: str) -> bool:
    def canonical(markup: str) -> str:
        return html.unescape(re.sub(r">\s+<", "><", markup.strip()))

    return canonical(one) == canonical(other)


@pytest.mark.parametrize("standard", STANDARDS)
def test_immediate_feedback_checks_one_answer_and_keeps_it(
    context: Any, site: LiveServer, course: Course, standard: str
) -> None:
    """quiz-1-notions has `feedback: immediate`: each question can be checked on its own; a
    checked answer shows its review and is locked, after a relaunch too, and the quiz's
    submission grades it as it was."""
    quiz = course.item("quiz-1-notions")
    assert isinstance(quiz, Quiz) and quiz.feedback == "immediate"
    statement, crenshaw = quiz.question("genre-change"), quiz.question("crenshaw")
    assert isinstance(statement, TrueFalse) and statement.answer is False
    assert isinstance(crenshaw, ShortAnswer)
    page, frame = open_harness(context, site, standard)
    learner = Learner(frame, course)
    tr = learner.tr
    learner.outline(quiz.title)
    shown = learner.shown_questions()
    check = tr("Check this answer")
    assert learner.section.get_by_role("button", name=check).count() == len(shown)

    def box(question: Question) -> Any:
        return learner.section.locator(f'fieldset[data-question="{question.id}"]')

    # The button is the content partial's (content/_review.html check_button), given the id.
    assert same_markup(
        box(statement).locator("p.check").evaluate("e => e.outerHTML"),
        content_macro(
            course, '{% from "content/_review.html" import check_button %}{{ check_button() }}'
        ).replace("data-check>", f'data-check="{statement.id}">'),
    )
    box(statement).get_by_role("radio", name=tr("True")).check()  # the wrong answer
    box(statement).get_by_role("button", name=check).click()
    review = " ".join(box(statement).locator(".question-feedback").inner_text().split())
    # Unlimited attempts, not passed: the verdict only; the true side's own feedback and the
    # explanation (they state the right answer) and the right-answer mark wait.
    assert review == tr("Not right")
    assert frame.locator(":focus").get_attribute("class") == "question-feedback"
    assert box(statement).locator(".is-right, .mark").count() == 0
    # Rendered once: the runtime's review is the player's verdict markup (content/_review.html
    # carried as <template>s), to the byte once spacing between tags is set aside.
    assert same_markup(
        box(statement).locator(".question-feedback").inner_html(),
        player_verdict(course, statement, True, reveal=False, prefix=page_prefix(course, quiz)),
    )
    learner.answer(crenshaw)
    box(crenshaw).get_by_role("button", name=check).click()
    assert box(crenshaw).locator(".verdict-title").inner_text() == tr("Right")
    # A right answer tells nothing new: its feedback and explanation show at once.
    assert same_markup(
        box(crenshaw).locator(".question-feedback").inner_html(),
        player_verdict(
            course, crenshaw, crenshaw.answers[0], reveal=False, prefix=page_prefix(course, quiz)
        ),
    )
    assert box(crenshaw).locator(".explanation-title").inner_text() == tr("Explanation")
    for checked in (statement, crenshaw):
        assert box(checked).get_by_role("button", name=check).count() == 0
        assert all(field.is_disabled() for field in box(checked).locator("input").all())
    calls_of(page, standard, terminated=False)
    values = written(page)
    assert interactions(values) == {}  # a check is no attempt: nothing reported yet
    # Relaunch: the checks are kept (suspend_data), the other questions still open.
    page.close()
    cmi = relaunch_cmi(values, standard)
    page, frame = open_harness(context, site, standard, cmi)
    learner = Learner(frame, course)
    assert learner.item() == quiz.id
    assert [q.id for q in learner.shown_questions()] == [q.id for q in shown]
    radio = box(statement).get_by_role("radio", name=tr("True"))
    assert radio.is_checked() and radio.is_disabled()
    assert box(statement).locator(".question-feedback").inner_text().startswith(tr("Not right"))
    assert box(crenshaw).get_by_role("textbox").input_value() == crenshaw.answers[0]
    assert learner.section.get_by_role("button", name=check).count() == len(shown) - 2
    screenshot(page, f"scorm-{standard}-checked-answers")
    for question in shown:
        if question not in (statement, crenshaw):
            learner.answer(question)
    outcome = learner.submit()
    scored = [q for q in shown if q.has_key]
    assert f"{round(100 * (len(scored) - 1) / len(scored))} %" in outcome  # the wrong check
    assert learner.section.get_by_role("button", name=check).count() == 0  # hidden now
    found = {i["id"]: i for i in interactions(written(page)).values()}
    kept = found[f"{quiz.id}-{statement.id}-1"]
    if standard == "scorm12":
        assert kept["student_response"] == "t" and kept["result"] == "wrong"
    else:
        assert kept["learner_response"] == "true" and kept["result"] == "incorrect"
    assert found[f"{quiz.id}-{crenshaw.id}-1"]["result"] == "correct"
    calls_of(page, standard, terminated=False)


@pytest.mark.parametrize("standard", STANDARDS)
def test_a_finished_learner_is_never_downgraded(
    context: Any, site: LiveServer, course: Course, standard: str
) -> None:
    """The LMS says completed but the state is gone: the package must not write incomplete."""
    if standard == "scorm12":
        cmi: dict[str, Any] = {"core": {"lesson_status": "passed"}}
    else:
        cmi = {"completion_status": "completed", "success_status": "passed"}
    page, frame = open_harness(context, site, standard, cmi)
    learner = Learner(frame, course)
    learner.next()
    learner.finish()
    calls = calls_of(page, standard)
    statuses = [
        c["args"][1]
        for c in calls
        if c["fn"] == CALL_NAMES[standard]["set"]
        and c["args"][0]
        in ("cmi.core.lesson_status", "cmi.completion_status", "cmi.success_status")
    ]
    assert "incomplete" not in statuses


@pytest.mark.parametrize("standard", STANDARDS)
def test_a_player_that_returns_empty_values(
    context: Any, site: LiveServer, course: Course, standard: str
) -> None:
    """lesson_mode, statuses, scores, _count... read back as "": the course is tracked all the
    same (empty mode is normal; interactions numbered from our own count), and resumes."""
    page, frame = open_harness(context, site, standard, blank=True)
    learner = Learner(frame, course)
    for _ in range(3):
        learner.next()
    questions = learner.shown_questions()
    for question in questions:
        learner.answer(question)
    learner.submit()
    learner.next()
    page.evaluate("document.getElementById('course').src = 'about:blank'")
    page.wait_for_function("calls.some(c => c.fn === 'LMSFinish' || c.fn === 'Terminate')")
    calls_of(page, standard)
    values = written(page)
    assert sorted(interactions(values)) == list(range(interaction_count(questions)))
    quiz1 = course.quizzes[0]
    expected = course_status(course, set(), {quiz1.id: QuizRecord(1, 1.0, True)}).score
    assert expected is not None and 0 < expected < 1  # weighted by points, as the engine does
    if standard == "scorm12":  # a partial score is not final: not reported (a mastery override)
        assert "cmi.core.score.raw" not in values
    else:
        assert values["cmi.score.raw"] == f"{expected * 100:.2f}".rstrip("0").rstrip(".")
    cmi = relaunch_cmi(values, standard)
    page.close()
    page, frame = open_harness(context, site, standard, cmi, blank=True)
    learner = Learner(frame, course)
    assert learner.item() == values[location_key(standard)]
    learner.outline(course.quizzes[0].title)
    assert "100 %" in learner.section.locator(".quiz-result").inner_text()


def test_one_sco_per_module_tracks_its_module(
    context: Any, site: LiveServer, course: Course
) -> None:
    module = course.modules[1]
    page, frame = open_harness(
        context, site, "scorm2004", package="scorm2004-modules", sco="module-2.html"
    )
    learner = Learner(frame, course)
    assert frame.locator("section.sco-item").count() == len(module.items)
    for n, item in enumerate(module.items):
        assert learner.item() == item.id
        if isinstance(item, Quiz):
            for question in learner.shown_questions():
                learner.answer(question)
            assert "100 %" in learner.submit()
        if n < len(module.items) - 1:
            learner.next()
    learner.finish(pager=True)
    calls_of(page, "scorm2004")
    values = written(page)
    assert values["cmi.completion_status"] == "completed"
    assert values["cmi.success_status"] == "passed"
    assert values["cmi.score.raw"] == "100" and values["cmi.exit"] == "normal"


def test_a_late_api_is_found(context: Any, site: LiveServer, course: Course) -> None:
    """Some players inject the API after the course's frame has loaded."""
    page = context.new_page()
    page.goto(f"{site.url}/harness.html")
    page.evaluate("launch('scorm12/index.html', false)")
    # The course's frame has loaded (and started looking for the API) without finding one.
    page.wait_for_function(
        """() => {
        const course = document.getElementById("course").contentDocument;
        return course.location.href.endsWith("/scorm12/index.html")
            && course.readyState === "complete";
    }""",
        timeout=5_000,
    )
    page.evaluate("setupLms('scorm12', null)")
    frame = page.frame_locator("#course")
    frame.locator(READY).wait_for()
    page.wait_for_function("calls.length > 0")
    page.errors = []
    calls_of(page, "scorm12", terminated=False)
    assert frame.locator("#liane-status").inner_text() == ""


def test_a_popup_reaches_the_lms_on_its_opener(
    context: Any, site: LiveServer, course: Course
) -> None:
    page, popup = open_harness(context, site, "scorm12", popup=True)
    learner = Learner(popup, course)
    learner.next()
    assert written(page)["cmi.core.lesson_location"] == list(course.items())[1].id
    learner.finish()
    calls_of(page, "scorm12")
    assert written(page)["cmi.core.exit"] == "suspend"  # not finished: it will resume


WORST_CASE = """([limit]) => {
  // Every quiz opened, every attempt used, every question answered at its longest, texts of
  // 10,000 characters that JSON escapes the most (quotes, controls, non-BMP characters).
  const course = window.LIANE_COURSE;
  const ugly = ('"\\\\\\u0001é\\n😀<>' + 'x'.repeat(3)).repeat(1000).slice(0, 10000);
  const response = (q) => {
    switch (q.type) {
      case "single_choice": return q.options[0].id;
      case "multiple_choice": return q.options.map(o => o.id);
      case "true_false": return false;
      case "matching":
        return Object.fromEntries(q.lefts.map((l, i) => [l.id, q.rights[i % q.rights.length].id]));
      case "ordering": return q.items.map(i => i.id);
      case "fill_blanks": return q.blanks.map(() => ugly);
      case "likert": return Object.fromEntries(q.statements.map(s => [s.id, q.scale.length]));
      default: return ugly;
    }
  };
  const state = {
    version: course.version + "-" + "v".repeat(60), item: course.items.length - 1,
    seen: course.items.map((_, i) => i), rank: 3, count: 65535,
    quizzes: course.quizzes.map(q => ({ attempts: 65535, best_score: 0.123456789, passed: true,
      seed: 2147483647, graded: true, responses: q.questions.map(response) }))
  };
  const text = LianeRuntime.encodeState(state, limit);
  const back = LianeRuntime.decodeState(text);
  const short = back.quizzes.flatMap(q => q.responses).filter(r => typeof r === "string");
  return { length: text.length, quizzes: back.quizzes.length, seen: back.seen.length,
           items: course.items.length, attempts: back.quizzes.map(q => q.attempts),
           seed: back.quizzes[0].seed, multiple: back.quizzes[1].responses[3],
           textLength: Math.min(...short.filter(s => s.length > 1).map(s => s.length)) };
}"""


def test_suspend_data_fits_scorm12_in_the_worst_case(
    context: Any, site: LiveServer, course: Course
) -> None:
    page, frame = open_harness(context, site, "scorm12")
    course_frame = next(f for f in page.frames if f.url.endswith("/scorm12/index.html"))
    worst = course_frame.evaluate(WORST_CASE, [4096])
    print(
        f"worst-case suspend_data for SCORM 1.2: {worst['length']} characters, "
        f"texts cut to {worst['textLength']}"
    )
    assert worst["length"] <= 4096
    assert worst["quizzes"] == len(course.quizzes) and worst["seen"] == worst["items"]
    assert worst["attempts"] == [65535] * len(course.quizzes)
    options = course.quizzes[1].questions[3]
    assert isinstance(options, MultipleChoice)
    assert worst["seed"] == 2147483647 and worst["multiple"] == [o.id for o in options.options]
    assert worst["textLength"] >= 20  # every text keeps a useful beginning
    assert course_frame.evaluate(WORST_CASE, [64000])["length"] <= 64000


@pytest.mark.parametrize("standard", STANDARDS)
def test_long_answers_on_several_lines_are_accepted(
    context: Any, site: LiveServer, course: Course, standard: str
) -> None:
    """Typed texts far too long for SCORM 1.2, with line breaks (which the LMS's checks of
    responses refuse), quotes and a leading brace (a {lang=} tag for SCORM 2004)."""
    page, frame = open_harness(context, site, standard)
    learner = Learner(frame, course)
    for _ in range(3):
        learner.next()
    long_text = "{Une très longue réponse, « avec des guillemets » [,] et des retours\n" * 200
    for question in learner.shown_questions():
        learner.answer(question, text=long_text)
    learner.submit()
    for _ in range(3):
        learner.next()
    for question in learner.shown_questions():
        learner.answer(question, text=long_text)
    learner.submit()
    learner.finish()
    calls_of(page, standard)  # no value refused
    values = written(page)
    assert len(values["cmi.suspend_data"]) <= (4096 if standard == "scorm12" else 64000)
    texts = [
        i.get("student_response", i.get("learner_response", ""))
        for i in interactions(values).values()
        if i["type"] in ("fill-in", "long-fill-in")
    ]
    assert texts and all("\n" not in t for t in texts)
    if standard == "scorm12":
        assert all(len(t) <= 255 for t in texts)
    else:
        assert max(len(t) for t in texts) == 4000


@pytest.mark.parametrize(
    ("package", "status"),
    [("scorm12", "failed"), ("scorm12-incomplete", "incomplete"), ("scorm2004", "failed")],
)
def test_using_up_the_attempts_of_a_quiz(
    context: Any, site: LiveServer, course: Course, package: str, status: str
) -> None:
    standard = "scorm12" if package.startswith("scorm12") else "scorm2004"
    page, frame = open_harness(context, site, standard, package=package)
    learner = Learner(frame, course)
    quiz = course.item("quiz-2-cycle-de-projet")
    assert isinstance(quiz, Quiz) and quiz.max_attempts == 3
    learner.outline(quiz.title)
    assert learner.item() == quiz.id
    tr = learner.tr
    statement = next(q for q in quiz.questions if isinstance(q, TrueFalse))
    seeds = []
    for attempt in range(1, 4):
        box = learner.section.locator(f'fieldset[data-question="{statement.id}"]')
        box.get_by_role("radio", name=tr("True")).check()  # the wrong answer
        outcome = learner.submit()
        mark = format_percent(quiz.pass_mark)
        assert "0 %" in outcome
        assert tr("Not passed yet: the pass mark is %(p)s %%.") % {"p": mark} in outcome
        # Rendered once: the summary is the player's markup (content/_results.html carried as
        # <template>s), then the attempts left and the retry button (the quiz's index).
        possible = sum(q.points for q in learner.shown_questions() if q.has_key)
        summary = learner.section.locator(".quiz-result").inner_html()
        retry = 'data-retry="1"'  # quiz-2-cycle-de-projet is the page's second quiz
        assert summary.count(retry) == (1 if attempt < 3 else 0)
        assert same_markup(
            summary.replace(retry, "data-retry"),
            player_summary(
                course,
                "{{ summary.score(score, earned, possible) }}"
                "{{ summary.quiz_verdict(false, mark) }}{{ summary.attempts_left(left) }}"
                '{% if left %}<p class="actions">{{ summary.retry() }}</p>{% endif %}',
                score="0",
                earned="0",
                possible=format_points(possible, course.language),
                mark=mark,
                left=3 - attempt,
            ),
        )
        seeds.append(
            frame.locator("body").evaluate(
                "() => LianeRuntime.decodeState(window.parent.written()['cmi.suspend_data'])"
                ".quizzes[1].seed"
            )
        )
        marks = learner.section.locator(".is-right")
        # The statement's review: while attempts remain, the verdict only (its true side's
        # feedback and its explanation state the answer); all of it once none is left. The
        # player's markup either way (engine/player/quiz.py review(), same rules).
        review = box.locator(".question-feedback")
        assert same_markup(
            review.inner_html(),
            player_verdict(
                course, statement, True, reveal=attempt == 3, prefix=page_prefix(course, quiz)
            ),
        )
        shown = " ".join(review.inner_text().split())
        if attempt < 3:
            assert shown == tr("Not right")
        else:
            assert shown == " ".join(
                [
                    tr("Not right"),
                    text_of(statement.feedback_true),
                    tr("Explanation"),
                    text_of(statement.explanation),
                ]
            )
        if attempt < 3:
            assert tr("Attempts left: %(n)s") % {"n": 3 - attempt} in outcome
            assert marks.count() == 0  # the right answers would help the next attempt
            learner.section.get_by_role("button", name=tr("Try again")).click()
            assert learner.section.locator(".quiz-result").is_hidden()
            assert not box.get_by_role("radio", name=tr("True")).is_checked()
        else:
            assert tr("You have used all your attempts at this quiz.") in outcome
            assert learner.section.get_by_role("button", name=tr("Try again")).count() == 0
            assert marks.count() > 0 and tr("(right answer)") in marks.first.inner_text()
    assert len(set(seeds)) == 3
    assert axe_violations(page) == []
    screenshot(page, f"scorm-{package}-no-attempt-left")
    learner.finish()
    calls_of(page, standard)
    values = written(page)
    if standard == "scorm12":
        assert values["cmi.core.lesson_status"] == status
        assert values["cmi.core.exit"] == ("" if status == "failed" else "suspend")
    else:
        assert values["cmi.success_status"] == "failed"
        assert values["cmi.completion_status"] == "incomplete"
    found = interactions(values)
    assert [i["id"] for i in found.values()] == [f"{quiz.id}-{statement.id}-{n}" for n in (1, 2, 3)]
    assert {i["result"] for i in found.values()} == {
        "wrong" if standard == "scorm12" else "incorrect"
    }


def test_standalone_from_file_keeps_progress_in_the_browser(
    context: Any, site: LiveServer, course: Course
) -> None:
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto((site.root / "scorm2004" / "index.html").as_uri())
    learner = Learner(page, course)
    page.locator(READY).wait_for()
    tr = learner.tr
    assert page.locator("#liane-status").inner_text() == tr(
        "Progress is kept in this browser only (no LMS found)."
    )
    for _ in range(3):
        learner.next()
    quiz = learner.quiz()
    for question in learner.shown_questions():
        learner.answer(question)
    assert "100 %" in learner.submit()
    learner.next()
    page.reload()
    page.locator(READY).wait_for()
    assert learner.item() == list(course.items())[4].id
    learner.outline(quiz.title)
    assert "100 %" in page.locator(VISIBLE).locator(".quiz-result").inner_text()
    keys = page.evaluate("Object.keys(localStorage)")
    assert keys == [f"liane:{course.id}@{course.version}:{list(course.items())[0].id}"]
    screenshot(page, "scorm-standalone")
    assert errors == []


def test_the_package_requests_nothing_from_another_host(
    context: Any, site: LiveServer, course: Course
) -> None:
    requested: list[str] = []
    context.on("request", lambda request: requested.append(request.url))
    page, frame = open_harness(context, site, "scorm2004")
    learner = Learner(frame, course)
    for _ in range(len(list(course.items())) - 1):
        learner.next()
    learner.finish()
    calls_of(page, "scorm2004")
    assert any(url.endswith(".svg") for url in requested)
    foreign = [url for url in requested if not url.startswith(site.url + "/")]
    assert foreign == []


def test_navigation_by_keyboard_and_by_links_between_lessons(
    context: Any, site: LiveServer, course: Course
) -> None:
    page, frame = open_harness(context, site, "scorm12")
    learner = Learner(frame, course)
    button = learner.section.get_by_role("button", name=f"{learner.tr('Next')} →")
    button.focus()
    button.press("Enter")
    items = list(course.items())
    assert learner.item() == items[1].id
    focused = frame.locator(":focus")
    assert focused.evaluate("e => e.tagName") == "H1"
    assert focused.inner_text() == items[1].title
    calls_of(page, "scorm12", terminated=False)
    assert written(page)["cmi.core.lesson_location"] == items[1].id
    assert axe_violations(page) == []
    # Each navigation area shown has its own name (issue 12: two were "Course navigation").
    navigations = frame.get_by_role("navigation").all()
    assert [nav.get_attribute("aria-label") for nav in navigations] == [
        learner.tr("Course navigation"),
        learner.tr("Outline"),
        learner.tr("Previous and next"),
    ]
    # A lesson's link to another lesson (`other.md` in the source) is `other.html` in the page.
    target = items[4]
    learner.section.locator("p").first.evaluate(
        "(p, href) => p.insertAdjacentHTML('beforeend', ` <a href='${href}'>voir</a>`)",
        f"{target.id}.html#top",
    )
    learner.section.get_by_role("link", name="voir").click()
    assert learner.item() == target.id
    assert frame.locator(":focus").inner_text() == target.title
    outline = frame.get_by_role("navigation", name=learner.tr("Outline"))
    assert outline.locator("a[aria-current=step]").text_content() == target.title


def stored_cmi(page: Any) -> dict[str, Any]:
    """What the LMS keeps of the session (scorm-again's CMI object), after Finish/Terminate."""
    cmi: dict[str, Any] = page.evaluate("JSON.parse(JSON.stringify(lms.cmi))")
    return cmi


def leave(page: Any) -> None:
    """The learner closes the course: the LMS unloads it."""
    page.evaluate("document.getElementById('course').src = 'about:blank'")
    page.wait_for_function("calls.some(c => c.fn === 'LMSFinish' || c.fn === 'Terminate')")


@pytest.mark.parametrize("package", ["scorm12", "moodle"])
def test_moodle_a_learner_who_leaves_half_way_stays_incomplete(
    context: Any, site: LiveServer, course: Course, package: str
) -> None:
    """Moodle's mastery override (1.2, on by default) turns a status into passed or failed at
    LMSFinish when the manifest has a masteryscore and the course has set score.raw: a partial
    score would store the learner "failed", and the next launch would be in review mode. The
    package reports no score until it is final; the Moodle preset has no masteryscore."""
    mastery = mastery_score(site, package)
    assert mastery == ("75" if package == "scorm12" else None)
    page, frame = open_harness(
        context, site, "scorm12", moodle_cmi("scorm12", None, mastery=mastery), package=package
    )
    learner = Learner(frame, course)
    for _ in range(3):
        learner.next()
    for question in learner.shown_questions():
        learner.answer(question)
    assert "100 %" in learner.submit()  # the first quiz passed: a course score of 26 %
    learner.next()
    leave(page)
    calls_of(page, "scorm12")
    stored = stored_cmi(page)
    assert stored["core"]["lesson_status"] == "incomplete", stored["core"]
    assert stored["core"]["score"]["raw"] == ""
    assert stored["core"]["exit"] == "suspend"
    # The next launch resumes, in normal mode, where the learner left.
    relaunch = moodle_cmi("scorm12", stored, mastery=mastery)
    assert "lesson_mode" not in relaunch["core"] and relaunch["core"]["entry"] == "resume"
    page.close()
    page, frame = open_harness(context, site, "scorm12", relaunch, package=package)
    learner = Learner(frame, course)
    assert learner.item() == list(course.items())[4].id
    assert frame.locator(".sco-finished").count() == 0
    learner.outline(course.quizzes[0].title)
    assert "100 %" in learner.section.locator(".quiz-result").inner_text()


@pytest.mark.parametrize("standard", STANDARDS)
def test_moodle_a_finished_course_reopened_is_not_overwritten(
    context: Any, site: LiveServer, course: Course, standard: str
) -> None:
    """A course finished (exit normal) and reopened: Moodle opens it in review mode, giving
    back every value in 1.2 and nothing in 2004, and still saves what the course commits. The
    package writes nothing and tells the learner the course is finished, with the result the
    LMS or its state gives."""
    mastery = mastery_score(site, standard) if standard == "scorm12" else None
    page, frame = open_harness(context, site, standard, moodle_cmi(standard, None, mastery=mastery))
    learner = Learner(frame, course)
    play_whole_course(learner, course)
    learner.finish(pager=True)
    calls_of(page, standard)
    stored = stored_cmi(page)
    relaunch = moodle_cmi(standard, stored, mastery=mastery)
    if standard == "scorm12":
        assert relaunch["core"]["lesson_mode"] == "review"
        assert relaunch["core"]["lesson_status"] == "passed"
    else:
        assert relaunch == {"mode": "review"}  # nothing given back
    page.close()
    page, frame = open_harness(context, site, standard, relaunch)
    learner = Learner(frame, course)
    tr = learner.tr
    notice = frame.locator(".sco-finished")
    text = " ".join(notice.inner_text().split())
    finished = tr("You have finished this course: what you do now is not recorded.")
    if standard == "scorm12":  # the LMS gave the result back
        assert text == f"{finished} {tr('Score: %(s)s %%') % {'s': 100}} {tr('Passed')}"
    else:
        assert text == finished
    screenshot(page, f"scorm-{standard}-reopened-finished")
    # The learner looks around, even takes a quiz again, and leaves: nothing is written.
    learner.outline(course.quizzes[0].title)
    if standard == "scorm12":  # the state came back: the quiz shows its results
        assert "100 %" in learner.section.locator(".quiz-result").inner_text()
    else:
        for question in learner.shown_questions():
            learner.answer(question)
        assert "100 %" in learner.submit()
    learner.next()
    leave(page)
    calls = calls_of(page, standard)
    names = CALL_NAMES[standard]
    assert [c for c in calls if c["fn"] in (names["set"], "LMSCommit", "Commit")] == []
    assert [c["fn"] for c in calls].count(names["finish"]) == 1


def focused_question(frame: Any) -> str | None:
    """The question (its id) the focused element is in, or None."""
    found: str | None = frame.locator(":focus").evaluate(
        "e => { const box = e.closest('fieldset[data-question]');"
        " return box ? box.dataset.question : null; }"
    )
    return found


def saved_record(frame: Any, index: int) -> dict[str, Any]:
    """A quiz's record in the state the LMS holds (suspend_data), by its index on the page."""
    record: dict[str, Any] = frame.locator("body").evaluate(
        "(body, index) => LianeRuntime.decodeState(window.parent.written()['cmi.suspend_data'])"
        ".quizzes[index]",
        index,
    )
    return record


@pytest.mark.parametrize("standard", STANDARDS)
def test_enter_in_a_field_never_checks_nor_submits(
    context: Any, site: LiveServer, course: Course, standard: str
) -> None:
    """Issue 12, keyboard only: Enter in a text field (a phone's OK/Go key) moves on to the
    next question's field; it neither checks the answer (immediate feedback) nor grades the
    quiz (which used an attempt)."""
    page, frame = open_harness(context, site, standard)
    learner = Learner(frame, course)
    for quiz_id, question_id in (
        ("quiz-1-notions", "crenshaw"),
        ("quiz-2-cycle-de-projet", "donnees-ventilees"),
    ):
        quiz = course.item(quiz_id)
        assert isinstance(quiz, Quiz)
        learner.outline(quiz.title)
        shown = [q.id for q in learner.shown_questions()]
        box = learner.section.locator(f'fieldset[data-question="{question_id}"]')
        field = box.get_by_role("textbox")
        assert field.get_attribute("enterkeyhint") == "next"
        field.focus()
        page.keyboard.type("une réponse")
        page.keyboard.press("Enter")
        k = shown.index(question_id)
        assert focused_question(frame) == (shown[k + 1] if k + 1 < len(shown) else question_id)
        assert box.locator(".verdict").count() == 0 and field.is_enabled()
        assert field.input_value() == "une réponse"
        assert learner.section.locator(".quiz-result").is_hidden()
        assert learner.section.locator(".confirm-unanswered").count() == 0
        page.wait_for_timeout(700)  # the draft is saved 500 ms after the last change
        index = [q.id for q in course.quizzes].index(quiz_id)
        record = saved_record(frame, index)
        assert (record["attempts"], record["graded"], record["checked"]) == (0, False, [])
    calls_of(page, standard, terminated=False)
    assert interactions(written(page)) == {}


@pytest.mark.parametrize("standard", STANDARDS)
def test_blank_questions_ask_before_grading(
    context: Any, site: LiveServer, course: Course, standard: str
) -> None:
    """Issue 12, keyboard only: "Check my answers" with blank questions asks first, with the
    player's panel (content/_confirm.html): how many, a link to the first (focus on its
    field), "Revenir au quiz" (focus back on the button, nothing graded), "Envoyer quand même"
    (graded: an attempt used, its interaction written)."""
    quiz = course.item("quiz-2-cycle-de-projet")
    assert isinstance(quiz, Quiz) and quiz.max_attempts == 3
    page, frame = open_harness(context, site, standard)
    learner = Learner(frame, course)
    tr = learner.tr
    learner.outline(quiz.title)
    shown = learner.shown_questions()
    statement = quiz.question("formation-60")
    assert isinstance(statement, TrueFalse) and statement in shown
    blanks = [q for q in shown if q is not statement]
    # The template is the player's macro, in the course's language.
    assert same_markup(
        frame.locator("#liane-confirm").evaluate("t => t.innerHTML").replace('=""', ""),
        content_macro(
            course,
            '{% from "content/_confirm.html" import confirm_unanswered %}'
            "{{ confirm_unanswered() }}",
        ),
    )
    box = learner.section.locator(f'fieldset[data-question="{statement.id}"]')
    box.get_by_role("radio", name=tr("False")).focus()
    page.keyboard.press("Space")
    submit = learner.section.get_by_role("button", name=tr("Check my answers"))
    panel = learner.section.locator(".confirm-unanswered")
    focused = frame.locator(":focus")

    def ask() -> None:
        submit.focus()
        page.keyboard.press("Enter")
        panel.wait_for()
        assert focused.get_attribute("class") == "confirm-unanswered"

    ask()
    assert panel.locator(".confirm-text").inner_text() == tr(
        "%(n)s questions unanswered out of %(total)s: send anyway?"
    ) % {"n": len(blanks), "total": len(shown)}
    first = shown.index(blanks[0]) + 1
    assert panel.get_by_role("link").inner_text() == tr(
        "Go to the first unanswered question (question %(n)s)"
    ) % {"n": first}
    assert panel.get_attribute("aria-labelledby") == "confirm-unanswered-text"
    assert axe_violations(page) == []
    screenshot(page, f"scorm-{standard}-confirm-blanks")
    page.keyboard.press("Tab")  # the link
    page.keyboard.press("Enter")
    assert panel.count() == 0
    assert focused_question(frame) == blanks[0].id
    ask()
    page.keyboard.press("Tab")  # the link, "Envoyer quand même", "Revenir au quiz"
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert focused.inner_text() == tr("Back to the quiz")
    page.keyboard.press("Enter")
    assert panel.count() == 0
    assert focused.inner_text() == tr("Check my answers")
    assert learner.section.locator(".quiz-result").is_hidden()
    assert saved_record(frame, 1)["attempts"] == 0
    assert interactions(written(page)) == {}
    ask()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert focused.inner_text() == tr("Send anyway")
    page.keyboard.press("Enter")
    result = learner.section.locator(".quiz-result")
    result.wait_for()
    assert tr("Attempts left: %(n)s") % {"n": 2} in result.inner_text()
    assert focused.get_attribute("class") == "quiz-result card"
    assert saved_record(frame, 1)["attempts"] == 1
    found = interactions(written(page))
    assert [i["id"] for i in found.values()] == [f"{quiz.id}-{statement.id}-1"]
    calls_of(page, standard, terminated=False)


def player_parts(course: Course, question: Question, response: Any, *, reveal: bool) -> str:
    """The player's review of a question's answer area (its partial's `answer` macro, as
    engine/player/quiz.py review() gives it: the key once it may be revealed)."""
    from engine.grading import grade
    from engine.templating import content_environment

    page = content_environment(course.language).from_string(
        f'{{% from "content/questions/{question.type}.html" import answer %}}'
        '{{ answer(q, none, response, review, true, "") }}'
    )
    review = {
        "grade": grade(question, response).to_dict(),
        "key": question.to_runtime_dict() if reveal else None,
    }
    return page.render(q=question.to_public_dict(), response=response, review=review)


@pytest.mark.parametrize("standard", STANDARDS)
def test_ordering_and_blanks_review_as_text(
    context: Any, site: LiveServer, course: Course, standard: str
) -> None:
    """Issue 12: once graded, an ordering and a fill_blanks question review as text, as in
    the player: each position and blank with the answer given, marked (juste)/(faux), the
    right answers only once they may be shown (quiz-2: after the third and last attempt); the
    rows are the player's macros (content/_pairs.html carried as <template>s), the learner's
    text stays text, and the locked fields come back for a retry."""
    quiz = course.item("quiz-2-cycle-de-projet")
    assert isinstance(quiz, Quiz) and quiz.max_attempts == 3
    ordering, blanks = quiz.question("cycle"), quiz.question("diagnostic-trous")
    assert isinstance(ordering, Ordering) and isinstance(blanks, FillBlanks)
    page, frame = open_harness(context, site, standard)
    learner = Learner(frame, course)
    tr = learner.tr
    learner.outline(quiz.title)
    solution = ordering.solution
    # Positions 1-2 right, 3 and 4 wrong, 5 left on "Choisir…".
    placed = [solution[0], solution[1], solution[4], solution[2], ""]
    typed = [blanks.blanks[0].answers[0], "<b>faux</b>", "", blanks.blanks[3].answers[1]]
    items = {item.id: text_of(item.text) for item in ordering.items}
    assert len(solution) == 5 and len(blanks.blanks) == 4

    def box(question: Question) -> Any:
        return learner.section.locator(f'fieldset[data-question="{question.id}"]')

    def mark(right: bool) -> str:
        return tr("(right)") if right else tr("(wrong)")

    def expected_rows(reveal: bool) -> tuple[list[str], list[str]]:
        positions = []
        for n, (given, right) in enumerate(zip(placed, solution, strict=True), start=1):
            row = f"{tr('Position %(n)s:') % {'n': n}} {items.get(given, tr('none'))}"
            row += f" {mark(given == right)}"
            if given != right and reveal:
                row += f" {tr('Right answer:')} {items[right]}"
            positions.append(row)
        texts = []
        for blank, given in zip(blanks.blanks, typed, strict=True):
            right = given in blank.answers
            row = f"{given or tr('none')} {mark(right)}"
            if not right and reveal:
                row += f" {tr('Accepted answers:')} {' / '.join(blank.answers)}"
            texts.append(row)
        return positions, texts

    def read_rows(selector: str) -> list[str]:
        rows = learner.section.locator(selector)
        return [" ".join(rows.nth(i).inner_text().split()) for i in range(rows.count())]

    for attempt in (1, 2, 3):
        for n, item in enumerate(placed, start=1):
            if item:
                box(ordering).get_by_label(
                    tr("Position %(n)s") % {"n": n}, exact=True
                ).select_option(value=item)
        fields = box(blanks).locator("input.blank")
        for n, text in enumerate(typed):
            fields.nth(n).fill(text)
        learner.submit()
        reveal = attempt == 3
        positions, texts = expected_rows(reveal)
        assert read_rows("ol.ordering.is-review > li") == positions
        assert read_rows("ol.blank-review > li") == texts
        review = learner.section.inner_text()
        assert (tr("Right answer:") in review) is reveal
        assert (tr("Accepted answers:") in review) is reveal
        # In the sentence, each blank's text in place of its field, numbered.
        assert read_rows(f'fieldset[data-question="{blanks.id}"] .blank-given') == [
            f"{text or '…'}{n}" for n, text in enumerate(typed, start=1)
        ]
        assert box(blanks).locator("b").count() == 0  # the learner's text stays text
        # Rendered once: the rows are the player's markup, to the byte once spacing between
        # tags is set aside.
        player = player_parts(course, ordering, placed, reveal=reveal)
        assert same_markup(
            box(ordering).locator("ol.is-review").evaluate("e => e.outerHTML"), player
        )
        player = player_parts(course, blanks, typed, reveal=reveal)
        found = re.search(r'<ol class="blank-review">.*</ol>', player, re.S)
        assert found is not None
        assert same_markup(
            box(blanks).locator("ol.blank-review").evaluate("e => e.outerHTML"), found.group(0)
        )
        # The locked fields stay, hidden, for a retry.
        assert box(ordering).locator("select").count() == len(solution)
        assert box(ordering).locator("select, .pair-choices").first.is_hidden()
        assert all(field.is_hidden() for field in fields.all())
        assert axe_violations(page) == []
        if reveal:
            screenshot(page, f"scorm-{standard}-parts-reviewed")
            break
        learner.section.get_by_role("button", name=tr("Try again")).click()
        assert learner.section.locator(".is-review, .blank-review, .blank-given").count() == 0
        assert all(field.is_visible() and field.is_enabled() for field in fields.all())
        assert [field.input_value() for field in fields.all()] == [""] * len(typed)
        assert box(ordering).locator(".pair-choices").is_visible()
    calls_of(page, standard, terminated=False)
