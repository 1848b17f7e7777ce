"""Signing in and out, registering, choosing the interface language."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import login_required, login_user, logout_user
from sqlalchemy import func, select
from werkzeug.wrappers import Response

from engine.player.db import session as db_session
from engine.player.forms import LoginForm, RegisterForm
from engine.player.models import User
from engine.player.passwords import check_password, hash_password, needs_rehash
from engine.player.security import limiter

bp = Blueprint("auth", __name__)

# Checking a password costs the same whether or not the account exists: no account probing.
_DUMMY_HASH = hash_password("not a password")


def create_user(email: str, name: str, password: str, role: str = "learner") -> User:
    db = db_session()
    user = User(email=email.strip().lower(), name=name.strip(), role=role,
                password_hash=hash_password(password))
    db.add(user)
    db.commit()
    return user


def find_user(email: str) -> User | None:
    return db_session().scalar(select(User).where(func.lower(User.email) ==
                                                  email.strip().lower()))


def _login_limit() -> str:
    return str(current_app.config["LOGIN_RATE_LIMIT"])


def _address_limit() -> str:
    return str(current_app.config["LOGIN_RATE_LIMIT_PER_ADDRESS"])


def _address_and_email() -> str:
    """Guessing one account's password is what the tight limit stops; a class signing in
    from one address (a training room behind one router) must not be stopped by it."""
    return f"{get_remote_address()}|{request.form.get('email', '').strip().lower()}"


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"], key_func=_address_and_email)
@limiter.limit(_address_limit, methods=["POST"])
def login() -> str | Response:
    form = LoginForm()
    if form.validate_on_submit():
        user = find_user(form.email.data or "")
        password = form.password.data or ""
        valid = check_password(user.password_hash if user else _DUMMY_HASH, password)
        if user is not None and valid and user.active:
            if needs_rehash(user.password_hash):  # made by an earlier version
                user.password_hash = hash_password(password)
                db_session().commit()
            session.clear()
            login_user(user, remember=True)
            return redirect(_safe_next(request.args.get("next")))
        flash(_("Wrong email or password."), "error")
    return render_template("auth/login.html", form=form)


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(_address_limit, methods=["POST"])
def register() -> str | Response:
    if not current_app.config["SELF_REGISTRATION"]:
        abort(404)
    form = RegisterForm()
    if form.validate_on_submit():
        if find_user(form.email.data or "") is not None:
            form.email.errors = [_("An account already uses this email. Sign in instead.")]
        else:
            user = create_user(form.email.data or "", form.name.data or "",
                               form.password.data or "")
            login_user(user, remember=True)
            flash(_("Welcome, %(name)s!", name=user.name), "info")
            return redirect(url_for("catalog.index"))
    return render_template("auth/register.html", form=form)


@bp.post("/logout")
@login_required
def logout() -> Response:
    session.clear()
    logout_user()  # after clear(): it leaves the flag that deletes the remember-me cookie
    return redirect(url_for("auth.login"))


@bp.post("/language")
def language() -> Response:
    chosen = request.form.get("language", "")
    if chosen in current_app.config["LANGUAGES"]:
        session["language"] = chosen
    return redirect(_safe_next(request.form.get("next")))


def _safe_next(target: str | None) -> str:
    """Only paths on this site: never redirect a learner to another host after sign-in."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return url_for("catalog.index")
