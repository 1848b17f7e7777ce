"""Importing members into groups (issue 14): a CSV file whose header names a group column
is imported whole or not at all, with each bad line's number and reason, in English and
French, from the accounts page and `liane users import`; 2,000 members in one transaction.
On SQLite and PostgreSQL."""

from __future__ import annotations

import html
import io
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event, func, select

from engine.cli import main
from engine.player import group_import
from engine.player.db import session
from engine.player.models import User
from tests.helpers.groups import group_tables, make_group, member_emails
from tests.helpers.player import csrf_token

NOTHING_EN = (
    "Nothing was imported: a file with a group column is imported whole or not at all. "
    "Correct the lines below, then import the file again."
)
NOTHING_FR = (
    "Rien n'a été importé : un fichier avec une colonne de groupe est importé en entier ou "
    "pas du tout. Corrigez les lignes ci-dessous, puis importez à nouveau le fichier."
)

BAD_FILE = """email,name,role,group
bea@example.org,Béa Nguyen,,Atelier Lille
awa@example.org,Awa Diallo,,atelier lille
pas-une-adresse,Kim,,Atelier Lille
lou@example.org,Lou,,Atelier Lile
bea@example.org,Béa,,Atelier Lyon
zoe@example.org,Zoé,chef,Atelier Lille
"""
BAD_LINES_EN = [
    "line 4: `pas-une-adresse` is not an email address",
    "line 5: unknown group `Atelier Lile`: create it on the Groups page first",
    "line 6: bea@example.org is already on line 2",
    "line 7: unknown role `chef` (learner, facilitator, admin)",
]


@pytest.fixture
def lille_and_lyon(
    app: Flask, make_user: Callable[..., Any], admin: FlaskClient, facilitator: FlaskClient
) -> tuple[int, int]:
    """Chloé (the facilitator) leads Lille, not Lyon; Awa has an account, in no group."""
    make_user()
    return (
        make_group(app, "Atelier Lille", leaders=("chloe@example.org",)),
        make_group(app, "Atelier Lyon"),
    )


def upload(client: FlaskClient, text: str, status: int = 200) -> str:
    token = csrf_token(client.get("/admin/users").get_data(as_text=True))
    file = (io.BytesIO(text.encode()), "m.csv")
    response = client.post(
        "/admin/users",
        data={"csrf_token": token, "action": "import", "file": file},
        content_type="multipart/form-data",
    )
    assert response.status_code == status
    return str(response.get_data(as_text=True))


def report(page: str) -> tuple[list[str], list[str]]:
    """The import report: its messages, then each line's problem."""
    block = page.split('id="import-report"', 1)[1].split("</div>", 1)[0]
    messages = re.findall(r'<p class="flash[^"]*">(.*?)</p>', block, flags=re.S)
    lines = re.findall(r"<li>(.*?)</li>", block, flags=re.S)
    return [html.unescape(m) for m in messages], [html.unescape(li) for li in lines]


def accounts_and_groups(app: Flask) -> tuple[list[tuple[Any, ...]], dict[str, Any]]:
    with app.app_context():
        users = sorted(
            tuple(row) for row in session().execute(select(User.email, User.name, User.role))
        )
    return users, group_tables(app)


def test_a_bad_line_imports_nothing_and_each_is_reported(
    app: Flask, admin: FlaskClient, lille_and_lyon: tuple[int, int]
) -> None:
    admin.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    before = accounts_and_groups(app)
    messages, lines = report(upload(admin, BAD_FILE))
    assert messages == [NOTHING_EN, "0 account(s) created.", "4 line(s) not imported:"]
    assert lines == BAD_LINES_EN
    assert accounts_and_groups(app) == before


def test_a_facilitator_imports_into_the_groups_they_lead_in_french(
    app: Flask, facilitator: FlaskClient, lille_and_lyon: tuple[int, int]
) -> None:
    lille, lyon = lille_and_lyon
    before = accounts_and_groups(app)
    bad = (
        "courriel;nom;groupe\n"
        "bea@example.org;Béa;Atelier Lille\n"
        "lou@example.org;Lou;Atelier Lyon\n"
        "zoe@example.org;Zoé;Inconnu\n"
        "bea@example.org;Béa;Atelier Lille\n"
        "x@;X;Atelier Lille\n"
        "kim@example.org;Kim\n"
    )
    messages, lines = report(upload(facilitator, bad))
    assert messages == [NOTHING_FR, "0 compte(s) créé(s).", "4 ligne(s) non importée(s) :"]
    assert lines == [
        "ligne 3 : vous n'animez pas le groupe Atelier Lyon",
        "ligne 4 : groupe `Inconnu` inconnu : créez-le d'abord sur la page Groupes",
        "ligne 5 : bea@example.org figure déjà à la ligne 2",
        "ligne 6 : `x@` n'est pas une adresse e-mail",
    ]
    assert accounts_and_groups(app) == before
    good = (
        "courriel;nom;groupe\n"
        "bea@example.org;Béa;Atelier Lille\n"
        "awa@example.org;Awa;Atelier Lille\n"  # an account already: joins, name kept
        "kim@example.org;Kim\n"  # no group on this line: an account only
    )
    messages, lines = report(upload(facilitator, good))
    assert messages == ["2 compte(s) créé(s).", "2 membre(s) ajouté(s) à leur groupe."]
    assert lines == []
    assert member_emails(app, lille) == ["awa@example.org", "bea@example.org"]
    assert member_emails(app, lyon) == []
    users, _groups = accounts_and_groups(app)
    assert ("awa@example.org", "Awa Diallo", "learner") in users
    assert ("kim@example.org", "Kim", "learner") in users
    # The same file again changes nothing.
    snapshot = accounts_and_groups(app)
    assert report(upload(facilitator, good)) == (["0 compte(s) créé(s)."], [])
    assert accounts_and_groups(app) == snapshot


def test_a_facilitator_cannot_import_staff_into_a_group(
    app: Flask, facilitator: FlaskClient, lille_and_lyon: tuple[int, int]
) -> None:
    before = accounts_and_groups(app)
    staff = "email,name,role,group\nkim@example.org,Kim,admin,Atelier Lille\n"
    upload(facilitator, staff, status=403)
    assert accounts_and_groups(app) == before
    # An existing staff account is not a facilitator's to enrol either: its line says so.
    facilitator.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    _messages, lines = report(
        upload(facilitator, "email,name,group\nada@example.org,Ada,Atelier Lille\n")
    )
    assert lines == ["line 2: only an administrator can manage admin accounts"]
    assert accounts_and_groups(app) == before


@pytest.fixture
def cli(app: Flask, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setattr("engine.player.commands.app_with_db", lambda: app)
    return CliRunner()


def test_cli_import_with_a_group_column(
    app: Flask,
    cli: CliRunner,
    lille_and_lyon: tuple[int, int],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lille, _lyon = lille_and_lyon
    members = tmp_path / "membres.csv"
    members.write_text(BAD_FILE, encoding="utf-8")
    before = accounts_and_groups(app)
    result = cli.invoke(main, ["users", "import", str(members)])
    assert result.exit_code == 1
    assert result.stderr == "\n".join([NOTHING_EN, *BAD_LINES_EN, "4 line(s) not imported"]) + "\n"
    assert result.stdout == "0 account(s) created\n"
    monkeypatch.setenv("LIANE_LANG", "fr")
    result = cli.invoke(main, ["users", "import", str(members)])
    assert result.stderr.splitlines()[:2] == [
        NOTHING_FR,
        "ligne 4 : `pas-une-adresse` n'est pas une adresse e-mail",
    ]
    assert accounts_and_groups(app) == before
    members.write_text(
        "email,name,group\nbea@example.org,Béa,Atelier Lille\nawa@example.org,Awa,Atelier Lille\n",
        encoding="utf-8",
    )
    result = cli.invoke(main, ["users", "import", str(members)])
    assert result.exit_code == 0, result.output
    assert result.stdout == "2 membre(s) ajouté(s) à leur groupe\n1 compte(s) créé(s)\n"
    assert member_emails(app, lille) == ["awa@example.org", "bea@example.org"]


def team(size: int, group: str = "Salarié·es 2027") -> list[str]:
    return ["email,name,group"] + [
        f"personne{n:04d}@example.org,Personne {n},{group}" for n in range(1, size + 1)
    ]


def test_two_thousand_members_in_one_transaction(app: Flask, admin: FlaskClient) -> None:
    group_id = make_group(app, "Salarié·es 2027")
    commits: list[int] = []

    def count(_connection: Any) -> None:
        commits.append(1)

    engine = app.extensions["liane.db"].kw["bind"]
    with app.app_context():
        event.listen(engine, "commit", count)
        started = time.perf_counter()
        result = group_import.import_members("\n".join(team(2000, "SALARIÉ·ES 2027")) + "\n")
        seconds = time.perf_counter() - started
        event.remove(engine, "commit", count)
        assert (len(result.created), len(result.joined), result.problems) == (2000, 2000, [])
        assert len(commits) == 1
        assert session().scalar(select(func.count()).select_from(User)) == 2001
    assert len(member_emails(app, group_id)) == 2000
    print(f"2,000 members imported into a group in {seconds:.2f} s")  # noqa: T201 (-s shows it)


def test_an_error_on_the_last_of_2000_lines_leaves_the_database_unchanged(
    app: Flask, admin: FlaskClient
) -> None:
    make_group(app, "Salarié·es 2027")
    admin.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    before = accounts_and_groups(app)
    lines = team(1999) + ["personne2000@example,Personne 2000,SALARIÉ·ES 2027"]
    messages, problems = report(upload(admin, "\n".join(lines) + "\n"))
    assert messages == [NOTHING_EN, "0 account(s) created.", "1 line(s) not imported:"]
    assert problems == ["line 2001: `personne2000@example` is not an email address"]
    assert accounts_and_groups(app) == before
    lines[-1] = "personne2000@example.org,Personne 2000,Salarié·es 2028"
    _messages, problems = report(upload(admin, "\n".join(lines) + "\n"))
    assert problems == [
        "line 2001: unknown group `Salarié·es 2028`: create it on the Groups page first"
    ]
    assert accounts_and_groups(app) == before
