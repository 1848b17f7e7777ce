"""Forms with their validation; Flask-WTF adds the CSRF token to each."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

from engine.player.accounts import AccountError, validate_email, validate_password
from engine.responses import without_controls


def _typed(value: str | None) -> str | None:
    """Typed text without control characters: a NUL pasted into a field cannot match an
    account, and PostgreSQL refuses it in a query."""
    return without_controls(value) if isinstance(value, str) else value


def _account_rule(rule: Callable[[str], str]) -> Callable[[Any, Any], None]:
    """A WTForms validator from a rule of engine.player.accounts, so that the registration
    and password forms refuse exactly what the accounts page and `liane users` refuse."""

    def validate(_form: Any, field: Any) -> None:
        try:
            field.data = rule(field.data or "")
        except AccountError as error:
            raise ValidationError(error.text(gettext)) from None

    return validate


def _new_password_rules() -> list[Any]:
    """What a new password must be, the same at registration and on the account page."""
    return [
        DataRequired(),
        Length(min=10, max=200, message=_l("Use at least 10 characters.")),
        _account_rule(validate_password),
    ]


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), filters=[_typed], validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])
    # Opt-in: a shared office PC must not keep the previous person signed in for a year.
    remember = BooleanField(_l("Stay signed in on this device"))


class RegisterForm(FlaskForm):
    name = StringField(_l("Name"), filters=[_typed], validators=[DataRequired(), Length(max=200)])
    email = EmailField(
        _l("Email"), filters=[_typed], validators=[DataRequired(), _account_rule(validate_email)]
    )
    password = PasswordField(
        _l("Password"),
        validators=_new_password_rules(),
    )
    confirm = PasswordField(
        _l("Password again"),
        validators=[DataRequired(), EqualTo("password", message=_l("The two passwords differ."))],
    )


class PasswordChangeForm(FlaskForm):
    current = PasswordField(_l("Current password"), validators=[DataRequired(), Length(max=200)])
    password = PasswordField(
        _l("New password"),
        validators=_new_password_rules(),
    )
    confirm = PasswordField(
        _l("New password again"),
        validators=[DataRequired(), EqualTo("password", message=_l("The two passwords differ."))],
    )


class ForgotPasswordForm(FlaskForm):
    email = EmailField(_l("Email"), filters=[_typed], validators=[DataRequired(), Length(max=254)])


class NewPasswordForm(FlaskForm):
    """The password chosen from an invitation's or a reset's link."""

    password = PasswordField(_l("New password"), validators=_new_password_rules())
    confirm = PasswordField(
        _l("New password again"),
        validators=[DataRequired(), EqualTo("password", message=_l("The two passwords differ."))],
    )
