"""Signing in and out, registering, choosing the interface language, and the pages of the
links sent by email (an invitation, a forgotten password) where a person chooses a password."""

from __future__ import annotations

import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager, nullcontext
from urllib.parse import unquote

from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy.exc import IntegrityError
from werkzeug.wrappers import Response

from engine.player import links
from engine.player.accounts import (
    create_user,
    find_user,
    send_password_reset,
    set_password,
    use_link,
)
from engine.player.db import session as db_session
from engine.player.forms import (
    ForgotPasswordForm,
    LoginForm,
    NewPasswordForm,
    PasswordChangeForm,
    RegisterForm,
)
from engine.player.mail import problem as mail_problem
from engine.player.models import User
from engine.player.passwords import check_password, hash_password, needs_rehash
from engine.player.security import limiter, revoke_sessions

bp = Blueprint("auth", __name__)

# Checking a password costs the same whether or not the account exists: no account probing.
_DUMMY_HASH = hash_password("not a password")


def _login_limit() -> str:
    return str(current_app.config["LOGIN_RATE_LIMIT"])


def _address_limit() -> str:
    return str(current_app.config["LOGIN_RATE_LIMIT_PER_ADDRESS"])


def _address_and_email() -> str:
    """Guessing one account's password is what the tight limit stops; a class signing in
    from one address (a training room behind one router) must not be stopped by it.

    The account is read from whatever body was sent (form or JSON), so changing the
    encoding gives no second allowance; only form posts are then accepted (`_form_only`).
    """
    email = request.form.get("email")
    if email is None and request.is_json:
        body = request.get_json(silent=True)
        email = body.get("email") if isinstance(body, dict) else None
    return f"{get_remote_address()}|{str(email or '').strip().lower()}"


def _form_only() -> None:
    """Sign-in and registration take a browser's form, nothing else: a JSON body or a file
    part would reach the fields (Flask-WTF reads both) with values they cannot hold."""
    if request.method == "POST" and (request.files or request.mimetype not in FORM_TYPES):
        abort(400)


FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"], key_func=_address_and_email)
@limiter.limit(_address_limit, methods=["POST"])
def login() -> str | Response:
    _form_only()
    form = LoginForm()
    if form.validate_on_submit():
        user = find_user(form.email.data or "")
        password = form.password.data or ""
        valid = check_password(user.password_hash if user else _DUMMY_HASH, password)
        if user is not None and valid and user.active:
            if needs_rehash(user.password_hash):  # made by an earlier version
                user.password_hash = hash_password(password)
                db_session().commit()
            _fresh_session()
            login_user(user, remember=bool(form.remember.data))
            return redirect(safe_next(request.args.get("next")))
        flash(_("Wrong email or password."), "error")
    return render_template("auth/login.html", form=form)


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(_address_limit, methods=["POST"])
def register() -> str | Response:
    if not current_app.config["SELF_REGISTRATION"]:
        abort(404)
    _form_only()
    form = RegisterForm()
    if form.validate_on_submit():
        user = None
        if find_user(form.email.data or "") is None:
            try:
                user = create_user(
                    form.email.data or "", form.name.data or "", form.password.data or ""
                )
            except IntegrityError:  # the same email sent twice at once (a double click)
                db_session().rollback()
        if user is None:
            form.email.errors = [_("An account already uses this email. Sign in instead.")]
        else:
            login_user(user)
            flash(_("Welcome, %(name)s!", name=user.name), "info")
            return redirect(url_for("catalog.index"))
    return render_template("auth/register.html", form=form)


@bp.post("/logout")
@login_required
def logout() -> Response:
    _sign_out()
    return redirect(url_for("auth.login"))


def _sign_out() -> None:
    _fresh_session()
    logout_user()  # after the clearing: it leaves the flag that deletes the remember cookie


def _fresh_session() -> None:
    """Nothing of the session carries over a sign-in or a sign-out, but the language the
    person chose."""
    language = session.get("language")
    session.clear()
    if language:
        session["language"] = language


def _account_key() -> str:
    return f"account|{current_user.get_id()}"


@bp.route("/account", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"], key_func=_account_key)
@login_required
def account() -> str | Response:
    """Change one's password; end every session on every device."""
    form = PasswordChangeForm()
    if form.validate_on_submit():
        user = _account()
        if not check_password(user.password_hash, form.current.data or ""):
            form.current.errors = [_("This is not your current password.")]
        else:
            set_password(user, form.password.data or "")  # ends every session and cookie
            login_user(user, remember=_remembered())  # this device stays signed in
            flash(_("Your password is changed. Every other device is signed out."), "info")
            return redirect(url_for("auth.account"))
    return render_template("auth/account.html", form=form)


@bp.post("/account/sign-out-everywhere")
@login_required
def sign_out_everywhere() -> Response:
    revoke_sessions(db_session(), _account())
    _sign_out()
    flash(_("You are signed out on every device."), "info")
    return redirect(url_for("auth.login"))


def _account() -> User:
    user = db_session().get(User, current_user.id)
    if user is None:  # deleted while signed in
        abort(404)
    return user


def _remembered() -> bool:
    return bool(
        request.cookies.get(current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token"))
    )


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"], key_func=_address_and_email)
@limiter.limit(_address_limit, methods=["POST"])
def forgot_password() -> str:
    """Ask for a link to choose a new password. The answer is the same, and as quick,
    whether an account uses the email or not: the email is sent after the answer."""
    _form_only()
    if mail_problem(current_app.config) is not None:  # the page says whom to ask instead
        return render_template("auth/forgot.html", form=None)
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        email = (form.email.data or "").strip()
        after_answer(send_password_reset, email)
        return render_template("auth/forgot_sent.html", email=email)
    return render_template("auth/forgot.html", form=form)


@bp.route("/invitation/<token>", methods=["GET", "POST"])
@limiter.limit(_address_limit, methods=["POST"])
def invitation(token: str) -> str | Response:
    return _choose_password(links.INVITE, token)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@limiter.limit(_address_limit, methods=["POST"])
def reset_password(token: str) -> str | Response:
    return _choose_password(links.RESET, token)


def _choose_password(purpose: str, token: str) -> str | Response:
    """A link's page: choose a password, then be signed in (every other session of the
    account ends). A used, expired or unknown link gets a page saying so and offering a
    new link, never an error."""
    _form_only()
    found = links.find(db_session(), token, purpose)
    with _language_of(found.user):
        if found.state is not links.State.VALID or found.link is None or found.user is None:
            state = found.state.value
            return render_template("auth/link_invalid.html", state=state, purpose=purpose)
        form = NewPasswordForm()
        if form.validate_on_submit():
            user = found.user
            if not use_link(found.link, user, form.password.data or ""):  # used meanwhile
                return render_template("auth/link_invalid.html", state="used", purpose=purpose)
            _fresh_session()
            login_user(user)
            flash(_("Your password is set. Welcome, %(name)s!", name=user.name), "info")
            return redirect(url_for("catalog.index"))
        return render_template(
            "auth/choose_password.html", form=form, purpose=purpose, user=found.user
        )


def _language_of(user: User | None) -> AbstractContextManager[None]:
    """A link's page speaks the language its person chose, as their email did, unless this
    browser chose one on the site; otherwise the usual choice (the browser's)."""
    chosen = user.language if user is not None else None
    if session.get("language") or chosen not in current_app.config["LANGUAGES"]:
        return nullcontext()
    g.pop("liane_translations", None)  # security.page_gettext's cache of the request
    forced: AbstractContextManager[None] = force_locale(chosen)
    return forced


def after_answer(job: Callable[..., object], *args: object) -> None:
    """Run `job` in the app, on the app's one mail thread, once this request is answered
    (or about then): sending an email takes the SMTP server's time, which must not show.
    A failure is logged, never shown."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    # setdefault: two first requests at once share one pool (it starts no thread unused).
    pool = app.extensions.get("liane.mail_thread") or app.extensions.setdefault(
        "liane.mail_thread", ThreadPoolExecutor(max_workers=1, thread_name_prefix="liane-mail")
    )
    pool.submit(_run_in_app, app, job, *args)


def _run_in_app(app: Flask, job: Callable[..., object], *args: object) -> None:
    with app.app_context():
        try:
            job(*args)
        except Exception:
            app.logger.exception("a background job failed")


@bp.post("/language")
def language() -> Response:
    chosen = request.form.get("language", "")
    if chosen in current_app.config["LANGUAGES"]:
        session["language"] = chosen
    return redirect(safe_next(request.form.get("next")))


# Browsers drop tabs and newlines from a URL and read a backslash as a slash, so a path
# that looks local after them may not be: `/\tevil.example` is `//evil.example`.
_IGNORED_BY_BROWSERS = re.compile(r"[\x00-\x20\x7f]")


def safe_next(target: str | None) -> str:
    """Only paths on this site: never redirect a learner to another host after sign-in.

    A same-site path starts with one `/` followed by neither `/` nor `\\`, and holds only
    printable ASCII without `\\` (browsers drop tabs and newlines and read `\\` as `/`);
    its percent-decoded form must start the same way, in case a proxy or a second redirect
    decodes it. Anything else leads to the catalogue.
    """
    if not target or not target.isascii() or "\\" in target or _IGNORED_BY_BROWSERS.search(target):
        return url_for("catalog.index")
    decoded = _IGNORED_BY_BROWSERS.sub("", unquote(target))
    if all(p.startswith("/") and p[1:2] not in ("/", "\\") for p in (target, decoded)):
        return target
    return url_for("catalog.index")
