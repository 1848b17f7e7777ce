"""Invitations and forgotten passwords: real emails over SMTP to a server the test starts
(tests/helpers/smtp.py), read as a mail client would, their links followed; on SQLite and
PostgreSQL."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from datetime import timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select, update

from engine.cli import main
from engine.player import accounts, links
from engine.player.db import session, upgrade
from engine.player.models import LoginLink, User, now
from tests.helpers import player as player_helpers
from tests.helpers.player import PASSWORD, csrf_token, make_app, post_form, sign_in
from tests.helpers.smtp import (
    BASE_URL,
    SENDER,
    SmtpServer,
    free_port,
    link,
    parts,
    self_signed_certificate,
    smtp_server,
    urls,
)

CHOSEN = "mon-mot-de-passe-choisi"
USED = "Il a déjà servi : chaque lien ne sert qu'une fois."
EXPIRED = "Il a expiré."


@pytest.fixture(autouse=True)
def _finish_emails() -> Iterator[None]:
    """Wait for the emails the apps send after answering (auth.after_answer): their
    database connections must be back before the pools are closed."""
    yield
    for application in player_helpers._APPS:
        pool = application.extensions.get("liane.mail_thread")
        if pool is not None:
            pool.shutdown(wait=True)


@pytest.fixture
def app(database_url: str, smtp: SmtpServer) -> Flask:
    """The player sending its emails to the test's SMTP server."""
    upgrade(database_url)
    return make_app(database_url, **smtp.settings)


def invite_by_form(client: FlaskClient, email: str, name: str, **extra: str) -> str:
    data = {"action": "create", "invite": "1", "email": email, "name": name, **extra}
    response = post_form(client, "/admin/users", data)
    assert response.status_code == 200
    return str(response.get_data(as_text=True))


def choose(client: FlaskClient, path: str, password: str = CHOSEN) -> Any:
    return post_form(client, path, {"password": password, "confirm": password})


def text_of(page: str) -> str:
    """The main part of a page, without its tags (what a person reads)."""
    import html
    import re

    main = page.split('<main id="main" tabindex="-1">', 1)[1].split("</main>", 1)[0]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", main)).split())


def signs_in(app: Flask, email: str, password: str) -> bool:
    response = post_form(app.test_client(), "/login", {"email": email, "password": password})
    return bool(response.status_code == 302)


def check_email(message: EmailMessage, to: str, subject: str, language: str) -> tuple[str, str]:
    """What every email of the player must be: to its person, in their language, plain
    text and HTML, no address but the instance's own, nothing fetched from elsewhere."""
    assert message["To"].addresses[0].addr_spec == to
    assert message["From"] == SENDER
    assert message["Subject"] == subject
    assert message["Content-Language"] == language
    assert message.get_content_type() == "multipart/alternative"
    text, html = parts(message)
    assert f'<html lang="{language}">' in html
    assert all(url.startswith(BASE_URL + "/") for url in urls(message))
    assert "<img" not in html and "src=" not in html and "url(" not in html
    return text, html


# --- invitations -------------------------------------------------------------------------


def test_an_invited_person_chooses_a_password_and_is_signed_in(
    app: Flask, admin: FlaskClient, smtp: SmtpServer
) -> None:
    page = invite_by_form(admin, "Zoe@Example.org", "Zoé <Durand>")
    assert text_of(page).startswith(
        "Tableau de bord Comptes 1 invitation(s) envoyée(s) par e-mail."
    )
    message = smtp.wait_for(1)[0]
    assert smtp.mailbox.envelopes == [("formation@example.org", ["zoe@example.org"])]
    text, html = check_email(
        message, "zoe@example.org", "Votre compte : choisissez votre mot de passe", "fr"
    )
    path = link(message)
    assert path.startswith("/invitation/")
    assert text == (
        "Bonjour Zoé <Durand>,\n\n"
        "Un compte a été créé pour vous sur formation.example.org, pour suivre des "
        "formations en ligne.\n\n"
        "Pour vous connecter, choisissez votre mot de passe avec ce lien. Il ne sert "
        "qu'une fois, pendant 7 jours :\n\n"
        f"{BASE_URL}{path}\n\n"
        "Vous vous connecterez avec cette adresse e-mail : zoe@example.org\n\n"
        "-- \n"
        "Si vous n'attendiez pas cet e-mail, ignorez-le : sans mot de passe, personne ne "
        "peut utiliser le compte.\n"
    )
    assert "<p>Bonjour Zoé &lt;Durand&gt;,</p>" in html  # the name is escaped in HTML
    assert f'<a href="{BASE_URL}{path}"' in html
    assert not signs_in(app, "zoe@example.org", CHOSEN)

    person = app.test_client()
    form = person.get(path)
    assert form.status_code == 200
    assert form.headers["Cache-Control"] == "no-store"
    assert text_of(form.get_data(as_text=True)).startswith(
        "Bienvenue ! Choisissez votre mot de passe Compte : Zoé <Durand> · zoe@example.org"
    )
    too_short = choose(person, path, "court")
    assert "Utilisez au moins 10 caractères." in too_short.get_data(as_text=True)
    response = choose(person, path)
    assert response.status_code == 302 and response.headers["Location"] == "/"
    catalogue = person.get("/").get_data(as_text=True)
    assert "Votre mot de passe est enregistré. Bienvenue, Zoé &lt;Durand&gt; !" in catalogue
    assert signs_in(app, "zoe@example.org", CHOSEN)

    # The link worked once: now it says so, and offers a new one.
    again = app.test_client().get(path)
    assert again.status_code == 200
    assert text_of(again.get_data(as_text=True)) == (
        f"Ce lien ne fonctionne plus {USED} Demandez un nouveau lien avec votre adresse "
        "e-mail, ou adressez-vous à la personne qui vous a invité·e. Demander un nouveau "
        "lien Se connecter"
    )
    assert choose(app.test_client(), path, "un-autre-mot-de-passe").status_code == 200
    assert signs_in(app, "zoe@example.org", CHOSEN)


def test_an_invitation_is_in_the_persons_language_and_lasts_the_days_configured(
    database_url: str, smtp: SmtpServer, make_user: Callable[..., Any]
) -> None:
    upgrade(database_url)
    app = make_app(database_url, **smtp.settings, INVITATION_DAYS=1)
    with app.app_context():
        user = accounts.add_account("kim@example.org", "Kim", None)
        user.language = "en"
        session().commit()
        invitations = accounts.invite([user])
        link_row = session().scalars(select(LoginLink)).one()
    assert (invitations.sent, invitations.error) == (1, None)
    assert link_row.purpose == "invite" and link_row.used_at is None
    assert link_row.expires_at - link_row.created_at == timedelta(days=1)
    message = smtp.wait_for(1)[0]
    text, _html = check_email(
        message, "kim@example.org", "Your account: choose your password", "en"
    )
    assert "choose your password with this link. It works once, for 1 day:" in text
    # Only a hash of the link's secret is stored.
    secret = link(message).rsplit("/", 1)[1]
    assert secret not in link_row.token_hash and len(link_row.token_hash) == 64


def test_an_expired_invitation_says_so(app: Flask, admin: FlaskClient, smtp: SmtpServer) -> None:
    invite_by_form(admin, "lou@example.org", "Lou")
    path = link(smtp.wait_for(1)[0])
    with app.app_context():
        session().execute(update(LoginLink).values(expires_at=now() - timedelta(seconds=1)))
        session().commit()
    person = app.test_client()
    page = person.get(path)
    assert page.status_code == 200
    assert text_of(page.get_data(as_text=True)).startswith(f"Ce lien ne fonctionne plus {EXPIRED}")
    # Posting the form that was open before it expired changes nothing either.
    response = person.post(
        path, data={"csrf_token": csrf_token(page.get_data(as_text=True)), "password": CHOSEN}
    )
    assert EXPIRED in response.get_data(as_text=True)
    assert not signs_in(app, "lou@example.org", CHOSEN)
    unknown = app.test_client().get("/invitation/not-a-link-we-sent")
    assert "Ce n'est pas un lien envoyé par ce site" in unknown.get_data(as_text=True)
    # A reset's page does not take an invitation's secret.
    other = app.test_client().get(path.replace("/invitation/", "/password/reset/"))
    assert "Ce n'est pas un lien envoyé par ce site" in other.get_data(as_text=True)


def import_file(client: FlaskClient, data: bytes, **extra: str) -> str:
    token = csrf_token(client.get("/admin/users").get_data(as_text=True))
    form = {"csrf_token": token, "action": "import", "file": (io.BytesIO(data), "m.csv"), **extra}
    response = client.post("/admin/users", data=form, content_type="multipart/form-data")
    assert response.status_code == 200
    return str(response.get_data(as_text=True))


def test_an_import_can_invite_its_members(app: Flask, admin: FlaskClient, smtp: SmtpServer) -> None:
    data = "bea@example.org;Béa\nnot-an-email;X\neve@example.org;Ève\n".encode()
    page = import_file(admin, data, invite="1")
    assert "2 invitation(s) envoyée(s) par e-mail." in page
    assert "2 compte(s) créé(s)." in page
    received = smtp.wait_for(2)
    assert [m["To"].addresses[0].addr_spec for m in received] == [
        "bea@example.org",
        "eve@example.org",
    ]
    person = app.test_client()
    assert choose(person, link(received[1])).status_code == 302
    assert signs_in(app, "eve@example.org", CHOSEN)
    # Imported without invitation: as before, the account exists and no email goes out.
    page = import_file(admin, b"max@example.org;Max\n")
    assert "1 compte(s) créé(s)." in page and 'id="invitations"' not in page
    assert len(smtp.messages) == 2


def test_an_invitation_with_a_password_is_refused(app: Flask, admin: FlaskClient) -> None:
    response = post_form(
        admin,
        "/admin/users",
        {
            "action": "create",
            "invite": "1",
            "email": "a@example.org",
            "name": "A",
            "password": CHOSEN,
        },
    )
    assert response.status_code == 302
    page = admin.get("/admin/users").get_data(as_text=True)
    assert "Laissez le mot de passe vide pour envoyer une invitation." in page
    with app.app_context():
        assert accounts.find_user("a@example.org") is None


# --- forgotten passwords -----------------------------------------------------------------


def test_a_forgotten_password_is_reset_by_email(
    app: Flask, smtp: SmtpServer, make_user: Callable[..., Any]
) -> None:
    make_user()
    other_device = app.test_client()
    sign_in(other_device, "awa@example.org")
    person = app.test_client()
    login = person.get("/login").get_data(as_text=True)
    assert '<a href="/password/forgot">Mot de passe oublié ?</a>' in login

    unknown = post_form(person, "/password/forgot", {"email": "nobody@example.org"})
    known = post_form(person, "/password/forgot", {"email": "Awa@Example.org "})
    assert unknown.status_code == known.status_code == 200
    same = "Consultez vos e-mails Si un compte utilise {}, un e-mail lui est envoyé"
    assert text_of(unknown.get_data(as_text=True)).startswith(same.format("nobody@example.org"))
    assert text_of(known.get_data(as_text=True)).startswith(same.format("Awa@Example.org"))
    message = smtp.wait_for(1)[0]
    text, _html = check_email(message, "awa@example.org", "Choisir un nouveau mot de passe", "fr")
    assert "Il ne sert qu'une fois, pendant une heure :" in text
    with app.app_context():
        row = session().scalars(select(LoginLink)).one()
        assert (row.purpose, row.expires_at - row.created_at) == ("reset", timedelta(hours=1))

    path = link(message)
    assert path.startswith("/password/reset/")
    page = person.get(path).get_data(as_text=True)
    assert text_of(page).startswith("Choisir un nouveau mot de passe Compte : Awa Diallo")
    assert choose(person, path).status_code == 302
    assert person.get("/").status_code == 200  # signed in
    assert other_device.get("/").status_code == 302  # every other session ended
    assert signs_in(app, "awa@example.org", CHOSEN)
    assert not signs_in(app, "awa@example.org", PASSWORD)
    assert USED in app.test_client().get(path).get_data(as_text=True)
    assert len(smtp.messages) == 1  # nothing went to the unknown address


def test_a_reset_link_lasts_an_hour(
    app: Flask, smtp: SmtpServer, make_user: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    make_user()
    post_form(app.test_client(), "/password/forgot", {"email": "awa@example.org"})
    path = link(smtp.wait_for(1)[0])
    later = now() + timedelta(minutes=59)
    monkeypatch.setattr(links, "now", lambda: later)
    assert "Choisir un nouveau mot de passe" in app.test_client().get(path).get_data(as_text=True)
    later = now() + timedelta(minutes=61)
    page = app.test_client().get(path).get_data(as_text=True)
    assert EXPIRED in page and "Demandez un nouveau lien avec votre adresse e-mail." in page


def test_a_new_password_closes_the_accounts_other_links(
    app: Flask, smtp: SmtpServer, make_user: Callable[..., Any]
) -> None:
    make_user()
    for _ in range(2):
        post_form(app.test_client(), "/password/forgot", {"email": "awa@example.org"})
    first, second = (link(m) for m in smtp.wait_for(2))
    assert choose(app.test_client(), second).status_code == 302
    assert USED in app.test_client().get(first).get_data(as_text=True)


def test_the_answer_does_not_wait_for_the_email(
    app: Flask, smtp: SmtpServer, make_user: Callable[..., Any]
) -> None:
    """The SMTP server is held: the page comes back at once all the same, so its timing
    cannot tell whether the email has an account."""
    import threading

    make_user()
    smtp.mailbox.hold = threading.Event()
    response = post_form(app.test_client(), "/password/forgot", {"email": "awa@example.org"})
    assert response.status_code == 200 and smtp.messages == []
    smtp.mailbox.hold.set()
    assert smtp.wait_for(1)[0]["To"].addresses[0].addr_spec == "awa@example.org"


def test_asking_for_links_is_rate_limited(database_url: str, smtp: SmtpServer) -> None:
    upgrade(database_url)
    app = make_app(database_url, **smtp.settings, LOGIN_RATE_LIMIT="2 per minute")
    client = app.test_client()
    token = csrf_token(client.get("/password/forgot").get_data(as_text=True))
    codes = [
        client.post(
            "/password/forgot", data={"csrf_token": token, "email": "x@example.org"}
        ).status_code
        for _ in range(3)
    ]
    assert codes == [200, 200, 429]
    forged = client.post("/password/forgot", data={"email": "y@example.org"})
    assert forged.status_code == 400  # no CSRF token


# --- without email, or with a server that fails ------------------------------------------


@pytest.fixture
def no_mail_app(database_url: str) -> Flask:
    upgrade(database_url)
    return make_app(database_url)


def test_without_smtp_staff_get_the_links_to_pass_on(
    no_mail_app: Flask, make_user: Callable[..., Any]
) -> None:
    app = no_mail_app
    with app.app_context():
        accounts.create_user("ada@example.org", "Ada Admin", PASSWORD, "admin")
    staff = app.test_client()
    sign_in(staff, "ada@example.org")
    notice = (
        "Les e-mails ne sont pas envoyés : aucun serveur SMTP n'est configuré "
        "(LIANE_SMTP_HOST). Les liens des invitations sont affichés ici pour que vous les "
        "transmettiez."
    )
    assert notice in text_of(staff.get("/admin/users").get_data(as_text=True))
    page = text_of(invite_by_form(staff, "zoe@example.org", "Zoé"))
    assert (
        "1 invitation(s) non envoyée(s) : donnez à chaque personne son propre lien. Il ne "
        "sert qu'une fois. Nom Adresse e-mail Lien Zoé zoe@example.org http://localhost/invitation/"
    ) in page
    path = "/invitation/" + page.split("http://localhost/invitation/", 1)[1].split()[0]
    assert choose(app.test_client(), path).status_code == 302
    assert signs_in(app, "zoe@example.org", CHOSEN)
    # Forgotten passwords: the page says what to do instead.
    forgot = text_of(app.test_client().get("/password/forgot").get_data(as_text=True))
    assert forgot.startswith(
        "Mot de passe oublié ? Ce site ne peut pas encore envoyer d'e-mails. Demandez"
    )


def test_a_server_down_gives_staff_the_reason_and_the_links(
    database_url: str, make_user: Callable[..., Any]
) -> None:
    upgrade(database_url)
    app = make_app(
        database_url,
        SMTP_HOST="127.0.0.1",
        SMTP_PORT=free_port(),  # nobody listens there
        SMTP_SECURITY="none",
        SMTP_SENDER=SENDER,
        BASE_URL=BASE_URL,
    )
    with app.app_context():
        accounts.create_user("ada@example.org", "Ada Admin", PASSWORD, "admin")
    staff = app.test_client()
    sign_in(staff, "ada@example.org")
    page = text_of(invite_by_form(staff, "zoe@example.org", "Zoé"))
    assert "Le serveur d'e-mails n'a pas pu être utilisé : (ConnectionRefusedError: " in page
    assert f"Zoé zoe@example.org {BASE_URL}/invitation/" in page


# --- the command line --------------------------------------------------------------------


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch) -> Callable[[Flask], CliRunner]:
    def on(app: Flask) -> CliRunner:
        monkeypatch.setattr("engine.player.commands.app_with_db", lambda: app)
        return CliRunner()

    return on


def test_cli_create_and_import_send_invitations(
    app: Flask, smtp: SmtpServer, cli: Callable[[Flask], CliRunner], tmp_path: Path
) -> None:
    runner = cli(app)
    result = runner.invoke(
        main, ["users", "create", "kim@example.org", "--name", "Kim", "--invite"]
    )
    assert result.exit_code == 0, result.output
    assert result.output == (
        "1 invitation(s) sent by email\nAccount created: kim@example.org (learner)\n"
    )
    members = tmp_path / "m.csv"
    members.write_text("bea@example.org;Béa\n", encoding="utf-8")
    result = runner.invoke(main, ["users", "import", str(members), "--invite"])
    assert result.output == "1 invitation(s) sent by email\n1 account(s) created\n"
    received = smtp.wait_for(2)
    assert [m["To"].addresses[0].addr_spec for m in received] == [
        "kim@example.org",
        "bea@example.org",
    ]
    assert choose(app.test_client(), link(received[0])).status_code == 302
    result = runner.invoke(
        main, ["users", "create", "x@example.org", "--name", "X", "--invite", "--password", CHOSEN]
    )
    assert result.exit_code == 2
    assert "--invite lets the person choose the password: omit --password" in result.output


def test_cli_without_smtp_prints_the_links(
    no_mail_app: Flask, cli: Callable[[Flask], CliRunner]
) -> None:
    no_mail_app.config["BASE_URL"] = BASE_URL
    result = cli(no_mail_app).invoke(
        main, ["users", "create", "kim@example.org", "--name", "Kim", "--invite"]
    )
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "Emails are not sent: no SMTP server is configured (LIANE_SMTP_HOST).\n"
        "1 invitation(s) not sent: give each person their own link. It works once.\n"
    )
    printed, created = result.stdout.splitlines()
    assert created == "Account created: kim@example.org (learner)"
    email, url = printed.split("\t")
    assert email == "kim@example.org" and url.startswith(BASE_URL + "/invitation/")
    assert choose(no_mail_app.test_client(), url.removeprefix(BASE_URL)).status_code == 302


# --- STARTTLS, TLS and signing in to the server ------------------------------------------


@pytest.mark.parametrize("security", ["starttls", "tls"])
def test_emails_go_over_tls_with_the_servers_login(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, security: str
) -> None:
    """The certificate is checked: against the test's own authority (SSL_CERT_FILE), and
    a server whose certificate is not trusted gets nothing."""
    upgrade(database_url)
    certificate = self_signed_certificate(tmp_path)
    with smtp_server(security, certificate, login=True) as server:
        app = make_app(database_url, **server.settings)
        with app.app_context():
            user = accounts.add_account("kim@example.org", "Kim", None)
            untrusted = accounts.invite([user])
        assert untrusted.sent == 0 and untrusted.error is not None
        assert "SSLCertVerificationError" in untrusted.error.text()
        assert server.messages == []
        monkeypatch.setenv("SSL_CERT_FILE", str(certificate[0]))
        with app.app_context():
            user = session().scalars(select(User).filter_by(email="kim@example.org")).one()
            invitations = accounts.invite([user])
        assert (invitations.sent, invitations.error) == (1, None)
        assert server.mailbox.logins == ["PLAIN"]
        assert server.wait_for(1)[0]["To"].addresses[0].addr_spec == "kim@example.org"


# --- the migration -----------------------------------------------------------------------


def test_the_migration_adds_links_to_a_database_in_use(database_url: str, smtp: SmtpServer) -> None:
    """A database of the previous version, with an account, takes 0005 and keeps it: the
    account then gets a reset link by email and uses it; 0005 also goes back down."""
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine, inspect, text

    from engine.player.db import MIGRATIONS
    from engine.player.passwords import hash_password

    upgrade(database_url, "0004")
    engine = create_engine(database_url)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO users (email, name, password_hash, role, active, created_at, "
                "session_version) VALUES ('awa@example.org', 'Awa Diallo', :hash, 'learner', "
                ":active, :created, 3)"
            ),
            {"hash": hash_password(PASSWORD), "active": True, "created": now()},
        )
    assert "login_links" not in inspect(engine).get_table_names()
    upgrade(database_url)
    app = make_app(database_url, **smtp.settings)
    assert signs_in(app, "awa@example.org", PASSWORD)
    post_form(app.test_client(), "/password/forgot", {"email": "awa@example.org"})
    assert choose(app.test_client(), link(smtp.wait_for(1)[0])).status_code == 302
    with app.app_context():
        user = accounts.find_user("awa@example.org")
        assert user is not None and (user.name, user.session_version) == ("Awa Diallo", 4)
    app.extensions["liane.mail_thread"].shutdown(wait=True)
    player_helpers.dispose_apps()
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    command.downgrade(config, "0004")
    inspector = inspect(engine)
    assert "login_links" not in inspector.get_table_names()
    with engine.connect() as connection:
        assert connection.execute(text("SELECT name FROM users")).scalars().all() == ["Awa Diallo"]
    engine.dispose()


def test_a_large_import_is_sent_over_several_connections(
    app: Flask, smtp: SmtpServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Providers close a connection after some number of emails: a new one every
    PER_CONNECTION, and every email arrives, in order."""
    monkeypatch.setattr("engine.player.mail.PER_CONNECTION", 2)
    text = "".join(f"m{n}@example.org;Membre {n}\n" for n in range(5))
    with app.app_context():
        report = accounts.import_members(text)
        invitations = accounts.invite_members(report.created)
    assert (invitations.sent, invitations.error) == (5, None)
    assert [m["To"].addresses[0].addr_spec for m in smtp.wait_for(5)] == [
        f"m{n}@example.org" for n in range(5)
    ]
    assert smtp.mailbox.connections == 3


def test_a_page_stops_sending_in_time_and_shows_the_other_links(
    app: Flask, admin: FlaskClient, smtp: SmtpServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page answers before gunicorn's worker timeout: what is not sent by then is shown
    to pass on, with the command that sends any number."""
    monkeypatch.setattr(accounts, "PAGE_SECONDS", 0.0)
    page = text_of(import_file(admin, b"bea@example.org;Bea\neve@example.org;Eve\n", invite="1"))
    assert (
        "Envoyer a pris trop de temps pour une page : les autres e-mails ne sont pas partis. "
        "La commande `liane users import --invite` en envoie autant qu'il faut. "
        "2 invitation(s) non envoyée(s)"
    ) in page
    assert f"Bea bea@example.org {BASE_URL}/invitation/" in page
    assert f"Eve eve@example.org {BASE_URL}/invitation/" in page
    assert smtp.messages == []


def test_a_links_page_speaks_its_persons_language(
    app: Flask, smtp: SmtpServer, make_user: Callable[..., Any]
) -> None:
    """Kim chose English: her email was in English, and so are the link's pages, expired
    included, though the site's language is French."""
    make_user("kim@example.org", "Kim")
    with app.app_context():
        user = accounts.find_user("kim@example.org")
        assert user is not None
        user.language = "en"
        session().commit()
    post_form(app.test_client(), "/password/forgot", {"email": "kim@example.org"})
    message = smtp.wait_for(1)[0]
    assert message["Subject"] == "Choose a new password"
    path = link(message)
    page = app.test_client().get(path).get_data(as_text=True)
    assert '<html lang="en">' in page
    assert text_of(page).startswith("Choose a new password Account: Kim · kim@example.org")
    with app.app_context():
        session().execute(update(LoginLink).values(expires_at=now()))
        session().commit()
    page = app.test_client().get(path).get_data(as_text=True)
    assert text_of(page) == (
        "This link no longer works It has expired. Ask for a new link with your email "
        "address. Ask for a new link Sign in"
    )


def test_cli_create_still_asks_for_the_password_without_invite(
    no_mail_app: Flask, cli: Callable[[Flask], CliRunner]
) -> None:
    result = cli(no_mail_app).invoke(
        main, ["users", "create", "kim@example.org", "--name", "Kim"], input=f"{CHOSEN}\n{CHOSEN}\n"
    )
    assert result.exit_code == 0, result.output
    assert result.output == (
        "Password: \nRepeat for confirmation: \nAccount created: kim@example.org (learner)\n"
    )
    assert signs_in(no_mail_app, "kim@example.org", CHOSEN)
