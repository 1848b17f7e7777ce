"""Accounts: who may grant which role, the rules of each field, passwords that sign out
everywhere, importing members (web and `liane users`), on SQLite and PostgreSQL."""

from __future__ import annotations

import html
import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from engine.cli import main
from engine.player import accounts
from engine.player.db import session
from engine.player.models import User
from tests.helpers.player import csrf_token, post_form

NEW_PASSWORD = "nouveau-mot-de-passe"


def everyone(app: Flask) -> dict[str, tuple[str, str, int]]:
    """email -> (name, role, session version) of every account, from the database."""
    with app.app_context():
        return {
            u.email: (u.name, u.role, u.session_version) for u in session().scalars(select(User))
        }


def password_hash(app: Flask, email: str) -> str:
    with app.app_context():
        user = accounts.find_user(email)
        assert user is not None
        return user.password_hash


def upload(client: FlaskClient, data: bytes, filename: str = "membres.csv") -> Any:
    token = csrf_token(client.get("/admin/users").get_data(as_text=True))
    return client.post(
        "/admin/users",
        data={"csrf_token": token, "action": "import", "file": (io.BytesIO(data), filename)},
        content_type="multipart/form-data",
    )


def report_lines(page: str) -> list[str]:
    report = page.split('id="import-report"', 1)[1].split("</div>", 1)[0]
    return [html.unescape(line) for line in re.findall(r"<li>(.*?)</li>", report, flags=re.S)]


# --- the rules ---------------------------------------------------------------------------


def test_who_may_grant_what() -> None:
    assert accounts.grantable_roles("admin") == ("learner", "facilitator", "admin")
    assert accounts.grantable_roles("facilitator") == ("learner",)
    assert accounts.grantable_roles("learner") == ()
    assert accounts.may_grant("facilitator", "learner")
    assert not accounts.may_grant("facilitator", "facilitator")
    assert not accounts.may_grant("facilitator", "admin")
    assert not accounts.may_grant("learner", "learner")
    assert not accounts.may_grant("admin", "root")
    assert accounts.may_change_roles("admin") and not accounts.may_change_roles("facilitator")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("awa@example.org", "awa@example.org"),
        ("  Awa.Diallo@Example.ORG ", "awa.diallo@example.org"),
        ("Chloé@exemple.fr", "chloé@exemple.fr"),
    ],
)
def test_validate_email_accepts_and_lowercases(text: str, expected: str) -> None:
    assert accounts.validate_email(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "an email address is required"),
        ("a@", "`a@` is not an email address"),
        ("@b", "`@b` is not an email address"),
        ("=cmd@x", "`=cmd@x` is not an email address"),
        ("a b@example.org", "`a b@example.org` is not an email address"),
        ("awa\x00@example.org", "`awa\ufffd@example.org` is not an email address"),
        ("a" * 243 + "@example.org", "the email address is longer than 254 characters"),
    ],
)
def test_validate_email_refuses(text: str, message: str) -> None:
    with pytest.raises(accounts.AccountError) as caught:
        accounts.validate_email(text)
    assert caught.value.text() == message


def test_validate_name_and_password() -> None:
    assert accounts.validate_name("  Awa Diallo ") == "Awa Diallo"
    assert accounts.validate_name("é" * 200) == "é" * 200
    for name, message in [
        ("", "a name is required"),
        ("  ", "a name is required"),
        ("x" * 201, "the name is longer than 200 characters"),
        ("Awa\x00", "the name holds a control character (tab, line break, NUL...)"),
        ("Awa\tDiallo", "the name holds a control character (tab, line break, NUL...)"),
    ]:
        with pytest.raises(accounts.AccountError) as caught:
            accounts.validate_name(name)
        assert caught.value.text() == message
    assert accounts.validate_password("x" * 10) == "x" * 10
    assert accounts.validate_password("x" * 200) == "x" * 200
    for password, message in [
        ("x" * 9, "the password needs at least 10 characters"),
        ("x" * 201, "the password has more than 200 characters"),
        ("x" * 10 + "\x00", "the password holds a NUL character"),
    ]:
        with pytest.raises(accounts.AccountError) as caught:
            accounts.validate_password(password)
        assert caught.value.text() == message


def test_messages_are_translated_where_shown() -> None:
    from engine.i18n import translator

    french = translator("fr").gettext
    error = accounts.AccountError("the name is longer than {max} characters", max=200)
    assert error.text(french) == "le nom dépasse 200 caractères"
    problem = accounts.LineProblem(4, error)
    assert problem.text(french) == "ligne 4 : le nom dépasse 200 caractères"
    assert problem.text() == "line 4: the name is longer than 200 characters"


def test_set_password_signs_the_account_out_everywhere(app: Flask, learner: FlaskClient) -> None:
    assert learner.get("/").status_code == 200
    with app.app_context():
        user = accounts.find_user("awa@example.org")
        assert user is not None
        accounts.set_password(user, NEW_PASSWORD)
    assert everyone(app)["awa@example.org"][2] == 1
    response = learner.get("/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    other = app.test_client()
    response = post_form(other, "/login", {"email": "awa@example.org", "password": NEW_PASSWORD})
    assert response.status_code == 302


# --- roles on the accounts page ----------------------------------------------------------


def role_options(page: str) -> list[str]:
    select_ = page.split('id="new-role"', 1)[1].split("</select>", 1)[0]
    return re.findall(r'<option value="(\w+)"', select_)


def test_the_role_list_offers_what_the_user_may_grant(
    admin: FlaskClient, facilitator: FlaskClient
) -> None:
    page = facilitator.get("/admin/users").get_data(as_text=True)
    assert role_options(page) == ["learner"]
    assert 'value="role"' not in page  # no role change for facilitators
    page = admin.get("/admin/users").get_data(as_text=True)
    assert role_options(page) == ["learner", "facilitator", "admin"]
    assert 'value="role"' in page


def test_the_facilitator_role_has_its_own_label(
    admin: FlaskClient, facilitator: FlaskClient
) -> None:
    page = admin.get("/admin/users").get_data(as_text=True)
    assert '<option value="facilitator">Animateur·rice</option>' in page
    assert "<td>Animateur·rice</td>" in page  # Chloé's row
    assert "Notes d'animation" not in page
    admin.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    page = admin.get("/admin/users").get_data(as_text=True)
    assert '<option value="facilitator">Facilitator</option>' in page
    # the callout title of facilitator notes keeps its own translation
    from engine.i18n import translator

    assert translator("fr").gettext("Facilitator") == "Notes d'animation"


@pytest.mark.parametrize("role", ["facilitator", "admin"])
def test_a_facilitator_cannot_create_staff(app: Flask, facilitator: FlaskClient, role: str) -> None:
    before = everyone(app)
    response = post_form(
        facilitator,
        "/admin/users",
        {
            "action": "create",
            "name": "Mallory",
            "email": "mallory@example.org",
            "password": NEW_PASSWORD,
            "role": role,
        },
    )
    assert response.status_code == 403
    assert everyone(app) == before


@pytest.mark.parametrize("role", ["facilitator", "admin"])
def test_a_facilitator_cannot_reset_a_staff_password(
    app: Flask, facilitator: FlaskClient, make_user: Callable[..., Any], role: str
) -> None:
    make_user("boss@example.org", "Boss", role)
    before, hashed = everyone(app), password_hash(app, "boss@example.org")
    for email in ("boss@example.org", "chloe@example.org"):  # another's, and their own
        response = post_form(
            facilitator,
            "/admin/users",
            {"action": "reset", "email": email, "password": NEW_PASSWORD},
        )
        assert response.status_code == 403
    assert everyone(app) == before
    assert password_hash(app, "boss@example.org") == hashed
    other = app.test_client()
    response = post_form(other, "/login", {"email": "boss@example.org", "password": NEW_PASSWORD})
    assert response.status_code == 200  # refused: the form again


@pytest.mark.parametrize("role", ["facilitator", "admin"])
def test_a_facilitator_cannot_import_staff(app: Flask, facilitator: FlaskClient, role: str) -> None:
    before = everyone(app)
    data = f"bea@example.org;Béa\nmallory@example.org;Mallory;{role}\n".encode()
    assert upload(facilitator, data).status_code == 403
    assert everyone(app) == before  # not even the learner of the first line


def test_a_facilitator_cannot_change_roles(
    app: Flask, facilitator: FlaskClient, make_user: Callable[..., Any]
) -> None:
    make_user()
    before = everyone(app)
    with app.app_context():
        ids = {u.email: u.id for u in session().scalars(select(User))}
    for email, role in [
        ("awa@example.org", "admin"),
        ("chloe@example.org", "admin"),
        ("awa@example.org", "learner"),
    ]:
        response = post_form(
            facilitator, "/admin/users", {"action": "role", "user": str(ids[email]), "role": role}
        )
        assert response.status_code == 403
    assert everyone(app) == before


def test_a_forged_post_without_csrf_changes_nothing(app: Flask, facilitator: FlaskClient) -> None:
    before = everyone(app)
    response = facilitator.post(
        "/admin/users",
        data={
            "action": "create",
            "name": "Béa",
            "email": "bea@example.org",
            "password": NEW_PASSWORD,
            "role": "learner",
        },
    )
    assert response.status_code == 400
    assert everyone(app) == before


def test_a_facilitator_manages_learners(
    app: Flask, facilitator: FlaskClient, make_user: Callable[..., Any]
) -> None:
    make_user()
    response = post_form(
        facilitator,
        "/admin/users",
        {
            "action": "create",
            "name": " Béa Nguyen ",
            "email": "Bea@Example.org",
            "password": NEW_PASSWORD,
            "role": "learner",
        },
    )
    assert response.status_code == 302
    assert everyone(app)["bea@example.org"] == ("Béa Nguyen", "learner", 0)
    response = post_form(
        facilitator,
        "/admin/users",
        {"action": "reset", "email": "awa@example.org", "password": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert everyone(app)["awa@example.org"] == ("Awa Diallo", "learner", 1)
    page = facilitator.get("/admin/users").get_data(as_text=True)
    assert "Mot de passe modifié pour Awa Diallo." in page


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"email": "a@"}, "`a@` n&#39;est pas une adresse e-mail."),
        ({"email": "=cmd@x"}, "`=cmd@x` n&#39;est pas une adresse e-mail."),
        ({"password": "court"}, "Le mot de passe doit compter au moins 10 caractères."),
        ({"password": "x" * 201}, "Le mot de passe dépasse 200 caractères."),
        ({"name": "x" * 201}, "Le nom dépasse 200 caractères."),
        (
            {"name": "Béa\x00"},
            "Le nom contient un caractère de contrôle (tabulation, saut de ligne, NUL…).",
        ),
        ({"email": "chloe@example.org"}, "Un compte utilise déjà chloe@example.org."),
        ({"role": "root"}, "Rôle inconnu `root` (learner, facilitator, admin)."),
    ],
)
def test_creating_refuses_bad_fields(
    app: Flask, facilitator: FlaskClient, fields: dict[str, str], message: str
) -> None:
    before = everyone(app)
    data = {
        "action": "create",
        "name": "Béa",
        "email": "bea@example.org",
        "password": NEW_PASSWORD,
        "role": "learner",
        **fields,
    }
    assert post_form(facilitator, "/admin/users", data).status_code == 302
    assert everyone(app) == before
    assert message in facilitator.get("/admin/users").get_data(as_text=True)


def test_an_admin_creates_staff_and_changes_roles(
    app: Flask, admin: FlaskClient, make_user: Callable[..., Any]
) -> None:
    make_user()
    response = post_form(
        admin,
        "/admin/users",
        {
            "action": "create",
            "name": "Chloé",
            "email": "chloe@example.org",
            "password": NEW_PASSWORD,
            "role": "facilitator",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        ids = {u.email: u.id for u in session().scalars(select(User))}
    response = post_form(
        admin,
        "/admin/users",
        {"action": "role", "user": str(ids["awa@example.org"]), "role": "facilitator"},
    )
    assert response.status_code == 302
    page = admin.get("/admin/users").get_data(as_text=True)
    assert "Awa Diallo a désormais le rôle : Animateur·rice." in page
    # never one's own role: the last administrator cannot lock everyone out
    response = post_form(
        admin,
        "/admin/users",
        {"action": "role", "user": str(ids["ada@example.org"]), "role": "learner"},
    )
    assert response.status_code == 302
    assert everyone(app) == {
        "ada@example.org": ("Ada Admin", "admin", 0),
        "awa@example.org": ("Awa Diallo", "facilitator", 0),
        "chloe@example.org": ("Chloé", "facilitator", 0),
    }
    page = admin.get("/admin/users").get_data(as_text=True)
    assert (
        "Vous ne pouvez pas changer votre propre rôle : demandez-le à un·e autre "
        "administrateur·rice."
    ) in page
    for user in ("99999", "99999999999999999999", "²", ""):
        response = post_form(
            admin, "/admin/users", {"action": "role", "user": user, "role": "admin"}
        )
        assert response.status_code == 404


@pytest.mark.parametrize("email", ["awa\x00@example.org", "a" * 300 + "@example.org", ""])
def test_resetting_an_unknown_account_says_so(
    app: Flask, facilitator: FlaskClient, email: str
) -> None:
    before = everyone(app)
    response = post_form(
        facilitator, "/admin/users", {"action": "reset", "email": email, "password": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert everyone(app) == before
    assert "Aucun compte n&#39;utilise" in facilitator.get("/admin/users").get_data(as_text=True)


def test_an_admin_resets_a_staff_password(
    app: Flask, admin: FlaskClient, facilitator: FlaskClient
) -> None:
    response = post_form(
        admin,
        "/admin/users",
        {"action": "reset", "email": "chloe@example.org", "password": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert everyone(app)["chloe@example.org"] == ("Chloé Martin", "facilitator", 1)
    assert facilitator.get("/admin/users").status_code == 302  # signed out


# --- importing members -------------------------------------------------------------------

MEMBERS = "\n".join(
    [
        "email;nom;rôle",  # 1: header
        "bea@example.org;Béa Nguyen;",  # 2
        '"dan@example.org;Dan',  # 3: a quote left open
        "eve@example.org;Ève",  # 4: still read
        "a@;Sans domaine",  # 5
        "@b;Sans nom",  # 6
        "=cmd@x;Formule",  # 7
        "fay@example.org;" + "F" * 201,  # 8
        "g" * 243 + "@example.org;Long",  # 9
        "hal@example.org;Hal\x00",  # 10
        "BEA@example.org;Béa encore",  # 11: twice in the file
        "chloe@example.org;Chloé encore",  # 12: already an account
        "ian@example.org;Ian;chef",  # 13
        "jo@example.org",  # 14
        "",  # 15: blank, skipped
        "kim@example.org;Kim;facilitator;",  # 16: an admin may
        "lou@example.org ; Lou Martin ; learner",  # 17
    ]
)

EXPECTED = [
    'line 3: a quote (") is not closed on this line',
    "line 5: `a@` is not an email address",
    "line 6: `@b` is not an email address",
    "line 7: `=cmd@x` is not an email address",
    "line 8: the name is longer than 200 characters",
    "line 9: the email address is longer than 254 characters",
    "line 10: the line holds a NUL character",
    "line 11: bea@example.org is already on line 2",
    "line 12: chloe@example.org already has an account",
    "line 13: unknown role `chef` (learner, facilitator, admin)",
    "line 14: expected `email,name[,role]`",
]


def test_import_reports_each_bad_line_and_creates_the_good_ones(
    app: Flask, admin: FlaskClient, facilitator: FlaskClient
) -> None:
    admin.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    response = upload(admin, MEMBERS.encode())
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "4 account(s) created." in page
    assert "11 line(s) not imported:" in page
    assert report_lines(page) == EXPECTED
    assert everyone(app) == {
        "ada@example.org": ("Ada Admin", "admin", 0),
        "chloe@example.org": ("Chloé Martin", "facilitator", 0),
        "bea@example.org": ("Béa Nguyen", "learner", 0),
        "eve@example.org": ("Ève", "learner", 0),
        "kim@example.org": ("Kim", "facilitator", 0),
        "lou@example.org": ("Lou Martin", "learner", 0),
    }


def test_the_import_report_is_on_the_page_not_in_the_cookie(
    app: Flask, facilitator: FlaskClient
) -> None:
    data = "".join(f"bad-line-{n};Personne {n}\n" for n in range(60)).encode()
    response = upload(facilitator, data)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert len(report_lines(page)) == 60
    assert report_lines(page)[59] == "ligne 60 : `bad-line-59` n'est pas une adresse e-mail"
    assert "0 compte(s) créé(s)." in page
    cookies = response.headers.getlist("Set-Cookie")
    assert all(len(cookie) < 600 for cookie in cookies), cookies
    assert "bad-line" not in facilitator.get("/admin/users").get_data(as_text=True)


def test_a_facilitator_imports_learners_in_french(app: Flask, facilitator: FlaskClient) -> None:
    data = '\ufeffemail,nom\nbea@example.org,"Nguyen, Béa"\nbea@example.org,Béa\n'.encode()
    page = upload(facilitator, data).get_data(as_text=True)
    assert "1 compte(s) créé(s)." in page
    assert report_lines(page) == ["ligne 3 : bea@example.org figure déjà à la ligne 2"]
    assert everyone(app)["bea@example.org"] == ("Nguyen, Béa", "learner", 0)


def test_a_latin1_file_is_refused_with_what_to_do(app: Flask, facilitator: FlaskClient) -> None:
    before = everyone(app)
    response = upload(facilitator, "bea@example.org;Béa\n".encode("latin-1"))
    assert response.status_code == 200
    assert (
        "Le fichier n&#39;est pas un texte UTF-8. Enregistrez-le au format « CSV UTF-8 », "
        "puis réessayez."
    ) in response.get_data(as_text=True)
    assert everyone(app) == before


def test_read_members_keeps_line_numbers_with_any_line_ending() -> None:
    members, problems = accounts.read_members(
        'a@example.org,A\r\n"b@example.org,B\rc@example.org,C\n'
    )
    assert [(m.line, m.email) for m in members] == [(1, "a@example.org"), (3, "c@example.org")]
    assert [p.text() for p in problems] == ['line 2: a quote (") is not closed on this line']
    assert accounts.read_members("") == ([], [])


# --- the `liane users` commands ----------------------------------------------------------


@pytest.fixture
def cli(app: Flask, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """`liane` run in-process on the test database."""
    monkeypatch.setattr("engine.player.commands.app_with_db", lambda: app)
    return CliRunner()


def test_cli_create_refuses_what_the_form_refuses(app: Flask, cli: CliRunner) -> None:
    for args, message in [
        (
            ["a@", "--name", "A", "--password", NEW_PASSWORD],
            "Error: `a@` is not an email address\n",
        ),
        (
            ["awa@example.org", "--name", "Awa", "--password", "court"],
            "Error: the password needs at least 10 characters\n",
        ),
        (
            ["awa@example.org", "--name", "x" * 201, "--password", NEW_PASSWORD],
            "Error: the name is longer than 200 characters\n",
        ),
    ]:
        result = cli.invoke(main, ["users", "create", *args])
        assert result.exit_code == 1
        assert result.output == message
    assert everyone(app) == {}
    result = cli.invoke(
        main,
        [
            "users",
            "create",
            "Awa@Example.org",
            "--name",
            "Awa",
            "--role",
            "facilitator",
            "--password",
            NEW_PASSWORD,
        ],
    )
    assert result.exit_code == 0, result.output
    assert everyone(app) == {"awa@example.org": ("Awa", "facilitator", 0)}
    result = cli.invoke(
        main, ["users", "create", "awa@example.org", "--name", "Awa", "--password", NEW_PASSWORD]
    )
    assert result.exit_code == 1
    assert result.output == "Error: an account already uses awa@example.org\n"


def test_cli_reset_password_signs_out_everywhere(
    app: Flask, cli: CliRunner, learner: FlaskClient
) -> None:
    result = cli.invoke(
        main, ["users", "reset-password", "awa@example.org", "--password", NEW_PASSWORD]
    )
    assert result.exit_code == 0, result.output
    assert everyone(app)["awa@example.org"] == ("Awa Diallo", "learner", 1)
    assert learner.get("/").status_code == 302
    result = cli.invoke(main, ["users", "reset-password", "awa@example.org", "--password", "court"])
    assert result.exit_code == 1
    assert result.output == "Error: the password needs at least 10 characters\n"
    result = cli.invoke(
        main, ["users", "reset-password", "nobody@example.org", "--password", NEW_PASSWORD]
    )
    assert result.output == "Error: no account uses nobody@example.org\n"


def test_cli_import_exits_1_when_a_line_failed(
    app: Flask, cli: CliRunner, make_user: Callable[..., Any], tmp_path: Path
) -> None:
    make_user("chloe@example.org", "Chloé Martin", "facilitator")
    members = tmp_path / "membres.csv"
    members.write_text(MEMBERS, encoding="utf-8")
    result = cli.invoke(main, ["users", "import", str(members)])
    assert result.exit_code == 1
    assert result.stderr == "\n".join(EXPECTED) + "\n11 line(s) not imported\n"
    assert result.stdout == "4 account(s) created\n"
    assert set(everyone(app)) == {
        "chloe@example.org",
        "bea@example.org",
        "eve@example.org",
        "kim@example.org",
        "lou@example.org",
    }
    members.write_text("zoe@example.org;Zoé;admin\n", encoding="utf-8")
    result = cli.invoke(main, ["users", "import", str(members)])
    assert result.exit_code == 0, result.output
    assert result.output == "1 account(s) created\n"
    assert everyone(app)["zoe@example.org"] == ("Zoé", "admin", 0)


def test_cli_import_refuses_a_latin1_file(
    app: Flask, cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    members = tmp_path / "membres.csv"
    members.write_bytes("bea@example.org;Béa\n".encode("latin-1"))
    result = cli.invoke(main, ["users", "import", str(members)])
    assert result.exit_code == 1
    assert result.output == (
        'Error: The file is not UTF-8 text. Save it as "CSV UTF-8" and try again.\n'
    )
    monkeypatch.setenv("LIANE_LANG", "fr")
    result = cli.invoke(main, ["users", "import", str(members)])
    assert result.output == (
        "Erreur : Le fichier n'est pas un texte UTF-8. Enregistrez-le au "
        "format « CSV UTF-8 », puis réessayez.\n"
    )
    assert everyone(app) == {}


def test_an_import_keeps_within_what_the_importer_may_grant(app: Flask) -> None:
    text = "bea@example.org;Béa\nzoe@example.org;Zoé;admin\n"
    with app.app_context(), pytest.raises(accounts.NotAllowed):
        accounts.import_members(text, actor_role="facilitator", refuse_forbidden=True)
    assert everyone(app) == {}
    with app.app_context():
        report = accounts.import_members(text, actor_role="facilitator")
    assert [m.email for m in report.created] == ["bea@example.org"]
    assert [p.text() for p in report.problems] == [
        "line 2: only an administrator can manage admin accounts"
    ]
    assert set(everyone(app)) == {"bea@example.org"}
    # members get a random password nobody knows: they sign in after a reset
    assert password_hash(app, "bea@example.org").startswith("$argon2id$")


def test_an_imported_member_signs_in_after_a_reset(app: Flask, facilitator: FlaskClient) -> None:
    data = "".join(f"m{n}@example.org;Membre {n}\n" for n in range(1000)).encode()
    page = upload(facilitator, data).get_data(as_text=True)
    assert "1000 compte(s) créé(s)." in page
    assert len(everyone(app)) == 1001
    member = app.test_client()
    response = post_form(
        member, "/login", {"email": "m7@example.org", "password": "m7@example.org"}
    )
    assert response.status_code == 200  # refused: nobody knows an imported password
    response = post_form(
        facilitator,
        "/admin/users",
        {"action": "reset", "email": "m7@example.org", "password": NEW_PASSWORD},
    )
    assert response.status_code == 302
    response = post_form(member, "/login", {"email": "m7@example.org", "password": NEW_PASSWORD})
    assert response.status_code == 302
