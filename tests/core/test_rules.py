"""Attempt plans, attempt scores and course status."""

from __future__ import annotations

from pathlib import Path

from engine.model import (
    Completion,
    Course,
    Lesson,
    Module,
    Option,
    Outcome,
    Quiz,
    SingleChoice,
    TrueFalse,
)
from engine.rules import (
    QuizRecord,
    SeededRandom,
    course_status,
    grade_attempt,
    may_explain,
    plan_attempt,
    quiz_weight,
    shown_feedback,
)


def choice(qid: str, points: float = 1) -> SingleChoice:
    return SingleChoice(
        id=qid,
        points=points,
        options=(Option(id="a", text="A", correct=True), Option(id="b", text="B")),
    )


def quiz(qid: str = "quiz", **kw: object) -> Quiz:
    settings: dict[str, object] = {
        "id": qid,
        "source": f"{qid}.yml",
        "title": qid,
        "questions": (choice("q1"), choice("q2", 3)),
    }
    settings.update(kw)
    return Quiz(**settings)  # type: ignore[arg-type]


def lesson(lid: str) -> Lesson:
    return Lesson(id=lid, source=f"{lid}.md", title=lid, html="", facilitator_html="")


def course(*items: Lesson | Quiz, completion: Completion | None = None) -> Course:
    return Course(
        id="c",
        root=Path("."),
        title="C",
        modules=(Module(title="M", items=items),),
        completion=completion or Completion(),
    )


def test_mulberry32_matches_the_javascript_reference() -> None:
    # Values of the reference JavaScript mulberry32 for seed 42.
    rng = SeededRandom(42)
    assert [round(rng.next_float(), 10) for _ in range(3)] == [
        0.6011037519,
        0.4482905590,
        0.8524657935,
    ]


def test_plan_is_deterministic_and_draws() -> None:
    q = quiz(
        questions=tuple(choice(f"q{i}") for i in range(1, 7)),
        draw=4,
        shuffle_questions=True,
        shuffle_options=True,
    )
    plan = plan_attempt(q, 1234)
    assert plan == plan_attempt(q, 1234)
    assert len(plan.questions) == 4 and len(set(plan.questions)) == 4
    assert all(sorted(plan.orders[qid]) == ["a", "b"] for qid in plan.questions)
    assert (
        plan_attempt(q, 1235).questions != plan.questions
        or plan_attempt(q, 99).questions != plan.questions
    )


def test_attempt_score_is_points_weighted() -> None:
    q = quiz(pass_mark=0.7)
    plan = plan_attempt(q, 1)
    result = grade_attempt(q, plan, {"q1": "a", "q2": "b"})
    assert (result.points_earned, result.points_possible, result.score) == (1, 4, 0.25)
    assert result.passed is False
    result = grade_attempt(q, plan, {"q1": "b", "q2": "a"})
    assert (result.score, result.passed) == (0.75, True)


def test_survey_sums_scores_and_finds_the_band() -> None:
    q = Quiz(
        id="s",
        source="s.yml",
        title="S",
        kind="survey",
        questions=(
            SingleChoice(
                id="q1",
                options=(Option(id="a", text="A", score=0), Option(id="b", text="B", score=2)),
            ),
            SingleChoice(
                id="q2",
                options=(Option(id="a", text="A", score=1), Option(id="b", text="B", score=2)),
            ),
        ),
        outcomes=(
            Outcome(min=0, max=1, title="G0"),
            Outcome(min=2, max=3, title="G1"),
            Outcome(min=4, max=4, title="G2"),
        ),
    )
    result = grade_attempt(q, plan_attempt(q, 7), {"q1": "b", "q2": "a"})
    assert result.survey_total == 3
    assert result.outcome is not None and result.outcome.title == "G1"
    assert result.passed is None and result.score is None


def test_course_status_progression() -> None:
    c = course(lesson("l1"), lesson("l2"), quiz("qa", max_attempts=2), quiz("qb", kind="survey"))
    assert course_status(c, set(), {}).state == "not_started"
    status = course_status(c, {"l1"}, {})
    assert (status.state, status.lessons_done, status.lessons_total) == ("in_progress", 1, 2)
    assert course_status(c, {"l1", "l2"}, {"qa": QuizRecord(1, 0.5, False)}).state == "in_progress"
    assert course_status(c, {"l1", "l2"}, {"qa": QuizRecord(2, 0.5, False)}).state == "failed"
    status = course_status(c, {"l1", "l2"}, {"qa": QuizRecord(2, 0.75, True)})
    # The survey was never taken: surveys never count for completion or passing.
    assert (status.state, status.completed, status.score) == ("passed", True, 0.75)


def test_completion_when_quizzes_need_only_an_attempt() -> None:
    c = course(lesson("l1"), quiz("qa"), completion=Completion(lessons="all", quizzes="attempted"))
    status = course_status(c, {"l1"}, {"qa": QuizRecord(1, 0.25, False)})
    assert (status.state, status.completed) == ("completed", True)


def test_course_score_weights_quizzes_by_points() -> None:
    c = course(quiz("qa"), quiz("qb", questions=(choice("q1"),)))
    assert quiz_weight(c.quizzes[0]) == 4 and quiz_weight(c.quizzes[1]) == 1
    status = course_status(
        c, set(), {"qa": QuizRecord(1, 1.0, True), "qb": QuizRecord(1, 0.0, False)}
    )
    assert status.score == 0.8


def test_true_false_in_a_survey_has_no_key() -> None:
    q = TrueFalse(id="t")
    assert not q.has_key


def test_explanations_and_own_feedback_wait_for_the_right_answers() -> None:
    """Issue 12: before the right answers may be shown, a wrong answer keeps only the
    question's feedback_wrong; a right answer, or a question with no right answer, shows all
    (it tells nothing the learner does not know)."""
    question = SingleChoice(
        id="q",
        options=(
            Option(id="a", text="A", correct=True, feedback="<p>A, car…</p>"),
            Option(id="b", text="B", feedback="<p>Non : la bonne réponse est A.</p>"),
        ),
        feedback_correct="<p>Bravo.</p>",
        feedback_wrong="<p>Relisez la leçon 2.</p>",
    )
    wrong = (
        grade_attempt(
            quiz(questions=(question,)), plan_attempt(quiz(questions=(question,)), 1), {"q": "b"}
        )
        .grades["q"]
        .to_dict()
    )
    right = (
        grade_attempt(
            quiz(questions=(question,)), plan_attempt(quiz(questions=(question,)), 1), {"q": "a"}
        )
        .grades["q"]
        .to_dict()
    )
    assert wrong["feedback"] == [
        "<p>Non : la bonne réponse est A.</p>",
        "<p>Relisez la leçon 2.</p>",
    ]
    assert shown_feedback(question, wrong, reveal=False) == ["<p>Relisez la leçon 2.</p>"]
    assert shown_feedback(question, wrong, reveal=True) == wrong["feedback"]
    assert shown_feedback(question, right, reveal=False) == ["<p>A, car…</p>", "<p>Bravo.</p>"]
    assert [may_explain(c, reveal=r) for c in (True, None, False) for r in (False, True)] == [
        True,
        True,
        True,
        True,
        False,
        True,
    ]
