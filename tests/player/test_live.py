"""Live sessions, as phones and the facilitator's remote use them: joining by code with a
nickname, one answer per participant and question, the steps of the facilitator, the state
that phones poll (ETag, 304), what a phone may see and when. On SQLite and PostgreSQL."""

from __future__ import annotations

import re
from datetime import timedelta

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select, update

from engine.player.db import session
from engine.player.models import LiveAnswer, LiveParticipant, LiveSession
from tests.helpers.live import answer, join, phone, press, screen_client, start_session, stored
from tests.helpers.player import csrf_token


def test_a_phone_joins_with_the_code_and_a_nickname(app: Flask) -> None:
    _id, code, _secret = start_session(app)
    mobile = phone(app)
    page = mobile.get("/live").get_data(as_text=True)
    typed = mobile.post(
        "/live", data={"csrf_token": csrf_token(page), "code": f"{code[:3]} {code[3:]}"}
    )
    assert typed.status_code == 302
    assert typed.headers["Location"] == f"/live/{code}"
    form = mobile.get(f"/live/{code}").get_data(as_text=True)
    assert "Your nickname" in form
    joined = join(mobile, code, "  Awa \u202e  ")
    assert joined.status_code == 302
    cookie = mobile.get_cookie("liane_live", path=f"/live/{code}")
    assert cookie is not None and cookie.http_only
    room = mobile.get(f"/live/{code}").get_data(as_text=True)
    assert "You are in, Awa!" in room
    # A reload, a second tab, a second tap on "Join": the same participant.
    join(mobile, code, "Awa again")
    with app.app_context():
        assert session().scalar(select(func.count()).select_from(LiveParticipant)) == 1


def test_a_wrong_or_ended_code_says_so(app: Flask) -> None:
    session_id, code, secret = start_session(app)
    mobile = phone(app)
    page = mobile.get("/live").get_data(as_text=True)
    wrong = mobile.post(
        "/live",
        data={"csrf_token": csrf_token(page), "code": "000000" if code != "000000" else "111111"},
    )
    assert wrong.status_code == 404
    assert "No session is open with this code." in wrong.get_data(as_text=True)
    player = phone(app)
    join(player, code, "Awa")
    screen = screen_client(app, session_id, secret)
    press(screen, session_id, "end")
    press(screen, session_id, "finish")
    closed = mobile.get(f"/live/{code}")
    assert closed.status_code == 404
    assert "This session is not open" in closed.get_data(as_text=True)
    assert mobile.get(f"/live/{code[:3]}%20{code[3:]}").status_code == 404
    # Who took part still sees the end on their phone.
    assert "The session is over" in player.get(f"/live/{code}").get_data(as_text=True)


def test_nicknames_are_escaped_everywhere(app: Flask) -> None:
    session_id, code, secret = start_session(app)
    mobile = phone(app)
    join(mobile, code, "<script>alert(1)</script>")
    screen = screen_client(app, session_id, secret)
    for page in (mobile.get(f"/live/{code}"), screen.get(f"/live/s/{session_id}/control")):
        html = page.get_data(as_text=True)
        assert "<script>alert(1)" not in html
        assert "&lt;script&gt;alert(1)" in html


def test_the_steps_of_a_question_and_one_answer_per_participant(app: Flask) -> None:
    session_id, code, secret = start_session(app)
    screen = screen_client(app, session_id, secret)
    mobile = phone(app)
    join(mobile, code, "Awa")
    press(screen, session_id, "next")  # lobby -> question 1 shown
    first = stored(app, session_id)
    assert (first.position, first.phase) == (0, "shown")
    with app.app_context():
        from engine.player import live
        from engine.player.courses import library

        course = library().course("demo")
        assert course is not None
        quiz = course.item("quiz")
        question_id = live.questions_of(quiz, first)[0].id  # type: ignore[arg-type]
    # Shown, not open: nothing is stored.
    early = answer(mobile, code, question_id, **{f"q-{question_id}": "b"})
    assert early.get_json() == {"outcome": "closed"}
    press(screen, session_id, "open")
    assert answer(mobile, code, question_id).get_json() == {"outcome": "blank"}
    assert answer(mobile, code, question_id, **{f"q-{question_id}": "b"}).get_json() == {
        "outcome": "stored"
    }
    # A double tap, a retry after a lost connection: the first answer stands.
    assert answer(mobile, code, question_id, **{f"q-{question_id}": "a"}).get_json() == {
        "outcome": "already"
    }
    with app.app_context():
        rows = session().scalars(select(LiveAnswer)).all()
        assert [(a.question_id, a.response, a.correct) for a in rows] == [
            (question_id, {"value": "b"}, True)
        ]
    assert "Answer recorded" in mobile.get(f"/live/{code}").get_data(as_text=True)


def test_a_second_press_of_the_same_step_does_nothing(app: Flask) -> None:
    session_id, _code, secret = start_session(app)
    screen = screen_client(app, session_id, secret)
    page = screen.get(f"/live/s/{session_id}/control").get_data(as_text=True)
    token = csrf_token(page)
    for _press in range(2):  # the remote's button pressed twice on the same page
        screen.post(
            f"/live/s/{session_id}/step", data={"csrf_token": token, "v": "0", "action": "next"}
        )
    item = stored(app, session_id)
    assert (item.position, item.phase, item.version) == (0, "shown", 1)


def test_no_right_answer_reaches_a_phone_before_the_reveal(app: Flask) -> None:
    session_id, code, secret = start_session(app)
    screen = screen_client(app, session_id, secret)
    mobile = phone(app)
    join(mobile, code, "Awa")
    press(screen, session_id, "next")
    seen = []
    for action in ("open", "close", "results"):
        press(screen, session_id, action)
        seen.append(mobile.get(f"/live/{code}").get_data(as_text=True))
    item = stored(app, session_id)
    assert item.phase == "results"
    for html in seen:
        assert "EXPLICATION-GENRE" not in html
        assert "is-right" not in html
        assert "FEEDBACK-" not in html
    press(screen, session_id, "next")  # results -> the right answer
    assert stored(app, session_id).phase == "answer"
    revealed = mobile.get(f"/live/{code}").get_data(as_text=True)
    assert "EXPLICATION-GENRE" in revealed


def test_the_state_a_phone_polls_is_a_304_until_something_changes(app: Flask) -> None:
    session_id, code, secret = start_session(app)
    mobile = phone(app)
    first = mobile.get(f"/live/{code}/state")
    assert first.status_code == 200
    tag = first.headers["ETag"]
    assert first.get_json() == {"version": f"{session_id}-0-lobby", "phase": "lobby", "left": None}
    again = mobile.get(f"/live/{code}/state", headers={"If-None-Match": tag})
    assert again.status_code == 304
    assert again.get_data() == b""
    press(screen_client(app, session_id, secret), session_id, "next")
    changed = mobile.get(f"/live/{code}/state", headers={"If-None-Match": tag})
    assert changed.status_code == 200
    assert changed.get_json()["phase"] == "shown"


def test_a_countdown_closes_the_answers_by_itself(app: Flask) -> None:
    session_id, code, secret = start_session(app, countdown=20)
    screen = screen_client(app, session_id, secret)
    press(screen, session_id, "next")
    press(screen, session_id, "open")
    mobile = phone(app)
    join(mobile, code, "Awa")
    state = mobile.get(f"/live/{code}/state").get_json()
    assert state["phase"] == "answering"
    assert 19 <= state["left"] <= 20
    with app.app_context():  # twenty seconds later
        item = session().get(LiveSession, session_id)
        assert item is not None and item.closes_at is not None
        session().execute(
            update(LiveSession)
            .where(LiveSession.id == session_id)
            .values(closes_at=item.closes_at - timedelta(seconds=21))
        )
        session().commit()
    state = mobile.get(f"/live/{code}/state").get_json()
    assert (state["phase"], state["left"]) == ("closed", None)
    item = stored(app, session_id)
    with app.app_context():
        from engine.player import live
        from engine.player.courses import library

        course = library().course("demo")
        qid = live.questions_of(course.item("quiz"), item)[0].id  # type: ignore[union-attr,arg-type]
    assert answer(mobile, code, qid, **{f"q-{qid}": "b"}).get_json() == {"outcome": "closed"}


def test_the_screen_and_remote_need_staff_or_the_secret(
    app: Flask, learner: FlaskClient, facilitator: FlaskClient
) -> None:
    session_id, _code, secret = start_session(app)
    stranger = phone(app)
    assert stranger.get(f"/live/s/{session_id}/control").status_code == 404
    assert stranger.get(f"/live/s/{session_id}/control?key=wrong").status_code == 404
    assert learner.get(f"/live/s/{session_id}/control").status_code == 404
    # Started from the command line (no owner): any staff member may run it.
    assert facilitator.get(f"/live/s/{session_id}/control").status_code == 200
    keyed = phone(app).get(f"/live/s/{session_id}/control?key={secret}")
    assert keyed.status_code == 302
    assert keyed.headers["Location"] == f"/live/s/{session_id}/control"


def test_a_facilitator_starts_a_session_from_a_course(app: Flask, facilitator: FlaskClient) -> None:
    page = facilitator.get("/live/new/demo").get_data(as_text=True)
    assert "Lancer une session en direct" in page  # French: the interface's default
    started = facilitator.post(
        "/live/start",
        data={
            "csrf_token": csrf_token(page),
            "course": "demo",
            "quiz": "diagnostic",
            "countdown": "30",
            "show_names": "1",
        },
    )
    assert started.status_code == 302
    with app.app_context():
        item = session().scalars(select(LiveSession)).one()
        assert (item.quiz_id, item.countdown, item.show_names, item.ask_name, item.phase) == (
            "diagnostic",
            30,
            True,
            False,
            "lobby",
        )
    assert started.headers["Location"] == f"/live/s/{item.id}/screen"


def test_the_screen_through_a_whole_session(app: Flask) -> None:
    """The projected screen at each step of the demo quiz, with two phones answering: the
    join screen (QR code, code, nicknames), the live count, the distribution with its exact
    counts, the right answer, and the summary without a name."""
    session_id, code, secret = start_session(app)
    screen = screen_client(app, session_id, secret)
    awa, bintou = phone(app), phone(app)
    join(awa, code, "Awa")
    join(bintou, code, "Bintou")
    lobby = screen.get(f"/live/s/{session_id}/screen").get_data(as_text=True)
    assert f"{code[:3]} {code[3:]}" in lobby
    assert "<svg" in lobby and "Join with your phone" in lobby
    assert "<li>Awa</li>" in lobby and "<li>Bintou</li>" in lobby
    with app.app_context():
        from engine.player import live
        from engine.player.courses import library

        course = library().course("demo")
        questions = live.questions_of(course.item("quiz"), stored(app, session_id))  # type: ignore[union-attr,arg-type]
    answers = {
        "genre": ({"q-genre": "b"}, {"q-genre": "a"}),
        "odd": ({"q-odd": "cinq"}, {"q-odd": "3"}),
        "vrai": ({"q-vrai": "true"}, {"q-vrai": "true"}),
        "avis": ({"q-avis": "Très utile"}, {"q-avis": "très  utile"}),
    }
    pages = {}
    for question in questions:
        press(screen, session_id, "next")
        press(screen, session_id, "open")
        for person, fields in zip((awa, bintou), answers[question.id], strict=True):
            assert answer(person, code, question.id, **fields).get_json() == {"outcome": "stored"}
        counting = screen.get(f"/live/s/{session_id}/screen").get_data(as_text=True)
        assert (
            "<span data-live-answers>2</span> answers / <span data-live-participants>2</span>"
            in counting
        )
        press(screen, session_id, "close")
        press(screen, session_id, "results")
        pages[question.id] = screen.get(f"/live/s/{session_id}/screen").get_data(as_text=True)
        press(screen, session_id, "next")
        if live.has_answer_phase(question):
            assert stored(app, session_id).phase == "answer"
            revealed = screen.get(f"/live/s/{session_id}/screen").get_data(as_text=True)
            assert "Right answer" in revealed
    assert "EXPLICATION-GENRE" not in pages["genre"]
    for qid, page in pages.items():
        assert "2 answers</p>" in page, qid
        assert "live-right" not in page, qid  # the right answer waits for its step
    assert 'Très utile <span class="live-word-count">×2</span>' in pages["avis"]
    assert (
        pages["genre"].count('<span class="live-bar-count">1 <span class="live-bar-share">(50 %)')
        == 2
    )
    press(screen, session_id, "next")
    end = screen.get(f"/live/s/{session_id}/screen").get_data(as_text=True)
    assert stored(app, session_id).phase == "end"
    assert "Summary" in end
    assert "Awa" not in end and "Bintou" not in end
    assert f'href="/live/s/{session_id}/summary">Detailed summary (CSV, PDF)</a>' in end
    press(screen, session_id, "finish")
    item = stored(app, session_id)
    assert item.ended_at is not None
    assert item.summary is not None
    assert [(q["id"], q["answers"], q["right"]) for q in item.summary["questions"]] == [
        (q.id, 2, {"genre": 1, "odd": 1, "vrai": 2, "avis": None}[q.id]) for q in questions
    ]


def test_rate_limits_stop_a_script_flooding_a_session(database_url: str) -> None:
    """Joins are counted per address, answers per participant: a script posting in a loop
    gets 429s, and the room's other phones are not affected."""
    from engine.player.db import upgrade
    from tests.helpers.player import make_app

    upgrade(database_url)
    app = make_app(
        database_url, LIVE_JOIN_RATE_LIMIT="3 per minute", LIVE_ANSWER_RATE_LIMIT="4 per minute"
    )
    session_id, code, secret = start_session(app)
    codes = [join(phone(app), code, f"Bot {n}").status_code for n in range(5)]
    assert codes == [302, 302, 302, 429, 429]
    with app.app_context():
        assert session().scalar(select(func.count()).select_from(LiveParticipant)) == 3
    screen = screen_client(app, session_id, secret)
    press(screen, session_id, "next")
    press(screen, session_id, "open")
    other = phone(app)
    other.environ_base["REMOTE_ADDR"] = "192.0.2.7"  # another phone of the room
    assert join(other, code, "Awa").status_code == 302
    flooder = phone(app)
    flooder.environ_base["REMOTE_ADDR"] = "192.0.2.8"
    join(flooder, code, "Flood")
    statuses = [answer(flooder, code, "genre", **{"q-genre": "a"}).status_code for _n in range(6)]
    assert statuses == [200, 200, 200, 200, 429, 429]
    assert answer(other, code, "genre", **{"q-genre": "b"}).get_json() == {"outcome": "stored"}


def test_an_expired_session_can_no_longer_be_joined(app: Flask) -> None:
    session_id, code, _secret = start_session(app)
    mobile = phone(app)
    join(mobile, code, "Awa")
    with app.app_context():
        item = session().get(LiveSession, session_id)
        assert item is not None
        session().execute(
            update(LiveSession)
            .where(LiveSession.id == session_id)
            .values(expires_at=item.created_at - timedelta(seconds=1))
        )
        session().commit()
    # Those who took part keep their end page; nobody new gets in.
    assert "The session is over" in mobile.get(f"/live/{code}").get_data(as_text=True)
    assert mobile.get(f"/live/{code}/state").get_json() == {
        "version": f"{session_id}-0-end",
        "phase": "end",
        "left": None,
    }
    stranger = phone(app)
    assert stranger.get(f"/live/{code}").status_code == 404
    assert join(stranger, code, "Late").status_code == 404


def test_staff_start_a_session_from_the_course_page(
    learner: FlaskClient, facilitator: FlaskClient
) -> None:
    staff_page = facilitator.get("/learn/demo/").get_data(as_text=True)
    assert 'href="/live/new/demo">Lancer une session en direct</a>' in staff_page
    assert "/live/new/" not in learner.get("/learn/demo/").get_data(as_text=True)
    assert learner.get("/live/new/demo").status_code == 403


def test_two_instances_serve_one_session(app: Flask, database_url: str) -> None:
    """Behind a load balancer each request may reach another instance: the session lives
    in the database only, so a step taken on one is what a phone on the other sees, and an
    answer given through one is counted on the other's screen."""
    from tests.helpers.player import make_app

    other = make_app(database_url)
    session_id, code, secret = start_session(app)
    screen = screen_client(app, session_id, secret)
    mobile = phone(other)
    join(mobile, code, "Awa")
    press(screen, session_id, "next")
    press(screen, session_id, "open")
    assert mobile.get(f"/live/{code}/state").get_json()["phase"] == "answering"
    assert answer(mobile, code, "genre", **{"q-genre": "b"}).get_json() == {"outcome": "stored"}
    state = screen.get(f"/live/s/{session_id}/screen/state").get_json()
    assert (state["answers"], state["participants"]) == (1, 1)


def test_a_survey_ends_with_the_group_s_outcome_bands(app: Flask) -> None:
    """The demo's self-diagnosis: each phone gets its own band at the end, the screen the
    group's distribution of bands (no name)."""
    session_id, code, secret = start_session(app, quiz_id="diagnostic")
    screen = screen_client(app, session_id, secret)
    awa, bintou = phone(app), phone(app)
    join(awa, code, "Awa")
    join(bintou, code, "Bintou")
    picks = {"analyse": ("c", "a"), "objectif": ("c", "b")}  # Awa 4 points, Bintou 1
    for qid in ("analyse", "objectif"):
        press(screen, session_id, "next")  # lobby or the last results -> the question shown
        assert stored(app, session_id).phase == "shown"
        press(screen, session_id, "open")
        for person, pick in zip((awa, bintou), picks[qid], strict=True):
            assert answer(person, code, qid, **{f"q-{qid}": pick}).get_json() == {
                "outcome": "stored"
            }
        press(screen, session_id, "results")  # no right answer to reveal: next goes on
    press(screen, session_id, "next")
    assert stored(app, session_id).phase == "end"
    end = screen.get(f"/live/s/{session_id}/screen").get_data(as_text=True)
    bands = re.findall(
        r'<span class="band-title" lang="fr">([^<]+)</span>'
        r'.*?<strong class="band-count">(\d+)</strong>',
        end,
        re.S,
    )
    assert bands == [
        ("Votre projet relève du marqueur G0", "1"),
        ("Votre projet relève du marqueur G1", "0"),
        ("Votre projet relève du marqueur G2", "1"),
    ]
    assert "Awa" not in end
    assert "Votre projet relève du marqueur G2" in awa.get(f"/live/{code}").get_data(as_text=True)
    assert "Votre projet relève du marqueur G0" in bintou.get(f"/live/{code}").get_data(
        as_text=True
    )
