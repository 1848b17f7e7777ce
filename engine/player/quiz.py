"""Taking a quiz: attempts drawn with a stored seed, saved as the learner goes, graded on
the server by the engine. The answer key never reaches the page before submission: the form
is rendered from the quiz's public dict only."""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from engine.grading import grade
from engine.model import Course, Question, Quiz
from engine.player import progress
from engine.player.courses import course_or_404
from engine.player.db import session, single_statements
from engine.player.models import Attempt
from engine.player.navigation import item_url, neighbours
from engine.player.quiz_forms import answer_fields, question_html, unanswered
from engine.responses import parse_count, responses_from_form
from engine.rules import (
    AttemptPlan,
    attempts_left,
    may_explain,
    may_reveal,
    plan_attempt,
    shown_feedback,
)

bp = Blueprint("quiz", __name__)

CHECKED = "__checked__"  # in saved responses: questions already checked (immediate feedback)


def planned_questions(quiz: Quiz, plan: AttemptPlan) -> list[Question]:
    return [q for qid in plan.questions if (q := quiz.question(qid)) is not None]


def show_quiz(course: Course, quiz: Quiz) -> str:
    db = session()
    progress.record_visit(single_statements(), current_user.id, course, quiz)
    attempts = progress.attempts_of(db, current_user.id, course, quiz)
    current = (
        db.query(Attempt)
        .filter_by(user_id=current_user.id, course_id=course.id, quiz_id=quiz.id, submitted_at=None)
        .first()
    )
    left = attempts_left(quiz, len(attempts))
    previous, following = neighbours(course, quiz)
    context = {
        "course": course,
        "quiz": quiz,
        "attempts": attempts,
        "left": left,
        "previous": previous,
        "following": following,
    }
    if current is None:
        return render_template("quiz/intro.html", **context)
    plan = plan_attempt(quiz, current.seed)
    checked = set(current.responses.get(CHECKED, []))
    reveal = reveal_in_attempt(quiz, attempts)
    reviews = {}
    for question in planned_questions(quiz, plan):
        if question.id in checked:
            reviews[question.id] = checked_review(
                question, current.responses.get(question.id), reveal=reveal
            )
    # After a check without script (the page reloaded): focus on that question's verdict.
    just_checked = request.args.get("checked")
    return render_template(
        "quiz/attempt.html",
        attempt=current,
        plan=plan,
        questions=[q.to_public_dict() for q in planned_questions(quiz, plan)],
        responses=current.responses,
        reviews=reviews,
        just_checked=just_checked if just_checked in reviews else None,
        **context,
    )


@bp.post("/learn/<course_id>/<path:subpath>")
@login_required
def act(course_id: str, subpath: str) -> Response:
    course = course_or_404(course_id)
    found = course.item(subpath.removesuffix(".html")) if subpath.endswith(".html") else None
    if not isinstance(found, Quiz):
        abort(404)
    quiz = found
    db = session()
    action = request.form.get("action", "")
    if action == "start":
        try:
            progress.open_attempt(db, current_user.id, course, quiz)
        except progress.NoAttemptLeft:
            flash(_("You have used all your attempts at this quiz."), "error")
        return redirect(item_url(course, quiz) + "#quiz")
    # Every other action names its attempt: a second click on "Submit", or a form left open
    # in another tab, must never open (and use up) a new attempt.
    attempt_id = parse_count(request.form.get("attempt"))
    attempt = db.get(Attempt, attempt_id) if attempt_id is not None else None
    if (
        attempt is None
        or attempt.user_id != current_user.id
        or attempt.quiz_id != quiz.id
        or attempt.course_id != course.id
    ):
        abort(400)
    if attempt.submitted:
        return _already_submitted(attempt)
    opened = progress.OpenAttempt(attempt, plan_attempt(quiz, attempt.seed))
    questions = planned_questions(quiz, opened.plan)
    responses = responses_from_form(questions, request.form)
    checked = list(attempt.responses.get(CHECKED, []))
    for qid in checked:  # a checked answer is final
        responses[qid] = attempt.responses.get(qid)
    if action.startswith("check:") and quiz.feedback == "immediate":
        qid = action.removeprefix("check:")
        if qid in opened.plan.questions and qid not in checked:
            checked.append(qid)
        if not progress.save_responses(db, attempt, {**responses, CHECKED: checked}):
            return _already_submitted(attempt)  # meanwhile, from another tab
        return _checked(course, quiz, opened, responses, qid)
    if action == "submit":
        # Blank questions and no confirmation yet (the script asks before sending; without
        # it, this page asks): keep the answers, record nothing.
        blanks = unanswered(questions, responses, checked)
        if blanks and request.form.get("confirm") != "1":
            if not progress.save_responses(db, attempt, {**responses, CHECKED: checked}):
                return _already_submitted(attempt)
            return make_response(
                render_template(
                    "quiz/confirm.html",
                    course=course,
                    quiz=quiz,
                    attempt=attempt,
                    blanks=blanks,
                    total=len(questions),
                    fields=answer_fields(request.form),
                )
            )
        if progress.submit(db, quiz, opened, responses) is None:
            flash(_("This attempt was already submitted."), "info")
        return redirect(results_url(attempt))
    if not progress.save_responses(db, attempt, {**responses, CHECKED: checked}):
        return _already_submitted(attempt)  # meanwhile, from another tab
    if request.headers.get("X-Liane-Autosave"):  # the page's script saves as one types
        return Response(status=204)
    flash(_("Your answers are saved."), "info")
    return redirect(item_url(course, quiz) + "#quiz")


def _checked(
    course: Course, quiz: Quiz, opened: progress.OpenAttempt, responses: dict[str, Any], qid: str
) -> Response:
    """After checking one answer: for the page's script (X-Liane-Check), that question's
    HTML with its verdict, graded here as the reloaded page would show it; without script,
    the page again, with `checked` naming the verdict to focus (and so scroll to)."""
    question = quiz.question(qid)
    if question is None or qid not in opened.plan.questions:
        if request.headers.get("X-Liane-Check"):
            abort(400)
        return redirect(item_url(course, quiz) + "#quiz")
    if request.headers.get("X-Liane-Check"):
        response = responses.get(qid)  # a checked answer's saved one (it is final)
        submitted = progress.attempts_of(session(), current_user.id, course, quiz)
        html = question_html(
            question,
            opened.plan.questions.index(qid) + 1,
            opened.plan.orders.get(qid),
            response,
            checked_review(question, response, reveal=reveal_in_attempt(quiz, submitted)),
            course.language,
        )
        return make_response(html)
    return redirect(
        url_for(
            "learn.item",
            course_id=course.id,
            subpath=f"{quiz.id}.html",
            checked=qid,
            _anchor=f"verdict-{qid}",
        )
    )


def results_url(attempt: Attempt) -> str:
    """The results page, opened at the top (`#top`, as HTML defines it): the fragment
    replaces the `#question-...` a browser would otherwise keep from the quiz page across
    the redirect."""
    return url_for("quiz.results", attempt_id=attempt.id, _anchor="top")


def _already_submitted(attempt: Attempt) -> Response:
    if request.headers.get("X-Liane-Autosave") or request.headers.get("X-Liane-Check"):
        return Response(status=409)  # the page's script: nothing was saved
    flash(_("This attempt was already submitted."), "info")
    return redirect(results_url(attempt))


def reveal_in_attempt(quiz: Quiz, submitted: list[Attempt]) -> bool:
    """Whether a check during an attempt may show the right answers (`may_reveal`): the
    attempt under way counts as used, since a checked answer is final in it (a quiz of one
    attempt reveals at once; one of three waits for a pass or the last attempt)."""
    return may_reveal(quiz, used=len(submitted) + 1, passed=any(a.passed for a in submitted))


def checked_review(question: Question, response: Any, *, reveal: bool) -> dict[str, Any]:
    """The review of an answer checked during an attempt (immediate feedback), the same
    whether the page is reloaded or the script asks for that question alone; `reveal` from
    `reveal_in_attempt`."""
    return review(question, grade(question, response).to_dict(), reveal=reveal)


def review(question: Question, result: dict[str, Any], *, reveal: bool) -> dict[str, Any]:
    """What the page shows of a graded answer: its grade (Grade.to_dict()) with the feedback
    that may be shown now, the explanation when it may (`may_explain`: engine/rules.py), and
    the key when the right answers may be shown."""
    explain = may_explain(result["correct"], reveal=reveal)
    return {
        "grade": {**result, "feedback": shown_feedback(question, result, reveal=reveal)},
        "explanation": question.explanation if explain else "",
        "key": question.to_runtime_dict() if reveal else None,
    }


@bp.get("/attempts/<int(max=999999999):attempt_id>")
@login_required
def results(attempt_id: int) -> str:
    db = session()
    attempt = db.get(Attempt, attempt_id)
    # Learners see their own results only; facilitators see everyone's.
    if attempt is None or (attempt.user_id != current_user.id and not current_user.is_staff):
        abort(404)
    course = course_or_404(attempt.course_id)
    quiz = course.item(attempt.quiz_id)
    if not isinstance(quiz, Quiz) or not attempt.submitted:
        abort(404)
    plan = plan_attempt(quiz, attempt.seed)
    attempts = progress.attempts_of(db, attempt.user_id, course, quiz)
    left = attempts_left(quiz, len(attempts))
    show_review = quiz.feedback != "none"
    reveal = may_reveal(quiz, used=len(attempts), passed=any(a.passed for a in attempts))
    graded = progress.stored_grades(db, attempt)
    reviews = {}
    for question in planned_questions(quiz, plan):
        given = graded.get(question.id)
        if given is None:  # submitted before grades were kept: graded again
            given = grade(question, attempt.responses.get(question.id)).to_dict()
        reviews[question.id] = review(question, given, reveal=reveal)
    outcome = quiz.outcome_for(attempt.survey_total or 0) if not quiz.graded else None
    return render_template(
        "quiz/results.html",
        course=course,
        quiz=quiz,
        attempt=attempt,
        plan=plan,
        questions=[q.to_public_dict() for q in planned_questions(quiz, plan)],
        reviews=reviews,
        show_review=show_review,
        left=left,
        outcome=outcome,
        following=neighbours(course, quiz)[1],
    )
