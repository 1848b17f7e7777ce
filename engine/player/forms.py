"""Forms with their validation; Flask-WTF adds the CSRF token to each."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, Regexp

from engine.responses import without_controls


def _typed(value: str | None) -> str | None:
    """Typed text without control characters: a NUL pasted into a field cannot match an
    account, and PostgreSQL refuses it in a query."""
    return without_controls(value) if isinstance(value, str) else value


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), filters=[_typed],
                       validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])
    # Opt-in: a shared office PC must not keep the previous person signed in for a year.
    remember = BooleanField(_l("Stay signed in on this device"))


class RegisterForm(FlaskForm):
    name = StringField(_l("Name"), filters=[_typed],
                       validators=[DataRequired(), Length(max=200)])
    email = EmailField(_l("Email"), filters=[_typed], validators=[
        DataRequired(), Length(max=254),
        Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message=_l("Enter an email address."))])
    password = PasswordField(_l("Password"), validators=[
        DataRequired(), Length(min=10, max=200,
                               message=_l("Use at least 10 characters."))])
    confirm = PasswordField(_l("Password again"), validators=[
        DataRequired(), EqualTo("password", message=_l("The two passwords differ."))])


class PasswordChangeForm(FlaskForm):
    current = PasswordField(_l("Current password"), validators=[DataRequired(), Length(max=200)])
    password = PasswordField(_l("New password"), validators=[
        DataRequired(), Length(min=10, max=200,
                               message=_l("Use at least 10 characters."))])
    confirm = PasswordField(_l("New password again"), validators=[
        DataRequired(), EqualTo("password", message=_l("The two passwords differ."))])
