"""Groups' pages: the staff's (list, a group's page, its join card) and the join link's.

Staff pages follow groups.py's reach: a facilitator opens and changes only the groups they
lead (403, nothing changed, for any other, even by a forged form), an administrator every
group. The join page is public: while a group's joining is open, whoever opens its link
creates an account (the registration form's rules) or, signed in, joins.
"""

from __future__ import annotations

from typing import Any

import segno
from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_user
from markupsafe import Markup
from werkzeug.wrappers import Response

from engine.player import accounts, groups
from engine.player.admin import role_names, staff_required
from engine.player.auth import _form_only
from engine.player.courses import library
from engine.player.forms import RegisterForm
from engine.player.models import Group
from engine.player.security import limiter

bp = Blueprint("groups", __name__, url_prefix="/admin/groups")
join_bp = Blueprint("join", __name__)

# Posts to the join pages per address: a room of 30 behind one router joins at once, and
# guessing one of 31^8 codes stays out of reach. LIANE_JOIN_RATE_LIMIT changes it.
JOIN_RATE_LIMIT = "60 per minute"


@bp.after_request
def _not_stored(response: Response) -> Response:
    """Members' names and emails: never kept by the browser or a proxy (as admin pages)."""
    response.cache_control.no_store = True
    return response


# --- staff pages -------------------------------------------------------------------------


@bp.get("/")
@staff_required
def index() -> str:
    visible = groups.visible_groups(current_user)
    return render_template(
        "groups/index.html",
        groups=visible,
        counts=groups.member_counts([group.id for group in visible]),
    )


@bp.post("/")
@staff_required
def create() -> Response:
    try:
        group = groups.create_group(
            current_user,
            request.form.get("name", ""),
            request.form.get("description", ""),
            groups.parse_date(request.form.get("starts_on", "")),
            groups.parse_date(request.form.get("ends_on", "")),
        )
    except accounts.AccountError as error:
        flash(_sentence(error.text(_)), "error")
        return redirect(url_for("groups.index"))
    flash(_("Group %(name)s created.", name=group.name), "info")
    return redirect(url_for("groups.page", group_id=group.id))


def _group(group_id: int) -> Group:
    """The group, 404 if there is none, 403 if the signed-in person may not manage it."""
    try:
        group = groups.managed_group(current_user, group_id)
    except accounts.NotAllowed:
        abort(403)
    if group is None:
        abort(404)
    return group


@bp.get("/<int(max=999999999):group_id>")
@staff_required
def page(group_id: int) -> str:
    return _page(_group(group_id))


def _page(group: Group, refused: str | None = None) -> str:
    lib = library()
    titles = {("path", p.id): p.title for p in lib.paths}
    titles.update({("course", c.id): c.title for c in lib.courses})
    return render_template(
        "groups/group.html",
        group=group,
        members=groups.members(group.id),
        leaders=groups.leaders(group.id),
        assignments=groups.assignments(group.id),
        titles=titles,
        paths=lib.paths,
        courses=lib.courses,
        role_names=role_names(),
        is_admin=current_user.role == "admin",
        code=groups.shown_code(group.join_code),
        join_url=_join_url(group),
        entry_url=_entry_url(),
        refused=refused,
    )


@bp.post("/<int(max=999999999):group_id>")
@staff_required
def change(group_id: int) -> str | tuple[str, int] | Response:
    """Every change to a group, by the button's `action`; the group is checked first, so
    a facilitator's forged form on another group answers 403 and changes nothing."""
    group = _group(group_id)
    action = ACTIONS.get(request.form.get("action", ""))
    if action is None:
        abort(400)
    try:
        message = action(group)
    except accounts.NotAllowed as refused:
        return _page(group, refused=_sentence(refused.text(_))), 403
    except accounts.AccountError as error:
        flash(_sentence(error.text(_)), "error")
    else:
        flash(message, "info")
    return redirect(url_for("groups.page", group_id=group.id))


def _edit(group: Group) -> str:
    groups.edit_group(
        group,
        request.form.get("name", ""),
        request.form.get("description", ""),
        groups.parse_date(request.form.get("starts_on", "")),
        groups.parse_date(request.form.get("ends_on", "")),
    )
    return str(_("Group saved."))


def _add_member(group: Group) -> str:
    user = groups.add_member(group, request.form.get("email", ""), actor_role=current_user.role)
    return str(_("%(name)s added to the group.", name=user.name))


def _remove_member(group: Group) -> str:
    groups.remove_member(group, _user_id())
    return str(_("Removed from the group."))


def _add_leader(group: Group) -> str:
    user = groups.add_leader(group, request.form.get("email", ""), actor_role=current_user.role)
    return str(_("%(name)s now leads the group.", name=user.name))


def _remove_leader(group: Group) -> str:
    groups.remove_leader(group, _user_id(), actor_role=current_user.role)
    return str(_("No longer leads the group."))


def _assign(group: Group) -> str:
    groups.assign(
        group,
        request.form.get("target", ""),
        groups.parse_date(request.form.get("due_on", "")),
        library=library(),
    )
    return str(_("Assignment saved."))


def _unassign(group: Group) -> str:
    groups.unassign(group, _form_id("assignment"))
    return str(_("Assignment removed."))


def _open(group: Group) -> str:
    groups.set_joining(group, True)
    return str(_("Joining is open: the link and the code work."))


def _close(group: Group) -> str:
    groups.set_joining(group, False)
    return str(_("Joining is closed: the link and the code no longer work."))


def _new_code(group: Group) -> str:
    groups.renew_code(group)
    return str(_("New code: the previous link and code no longer work."))


ACTIONS = {
    "edit": _edit,
    "add_member": _add_member,
    "remove_member": _remove_member,
    "add_leader": _add_leader,
    "remove_leader": _remove_leader,
    "assign": _assign,
    "unassign": _unassign,
    "open": _open,
    "close": _close,
    "new_code": _new_code,
}


def _user_id() -> int:
    return _form_id("user")


def _form_id(name: str) -> int:
    value = request.form.get(name, "")
    if not value.isascii() or not value.isdigit() or len(value) > 9:
        abort(400)
    return int(value)


@bp.get("/<int(max=999999999):group_id>/join-card")
@staff_required
def join_card(group_id: int) -> str:
    """The code and its QR code, large, to print or project in the room."""
    group = _group(group_id)
    url = _join_url(group)
    return render_template(
        "groups/join_card.html",
        group=group,
        code=groups.shown_code(group.join_code),
        join_url=url,
        qr=qr_svg(url),
        entry_url=_entry_url(),
    )


def _join_url(group: Group) -> str:
    return _public_url("join.page", code=group.join_code)


def _entry_url() -> str:
    return _public_url("join.enter")


def _public_url(endpoint: str, **values: Any) -> str:
    """An address on the site's public address (BASE_URL) when set: the QR code and the
    address printed beside it must lead phones to the site, not to the address the staff
    happen to use (behind a proxy, or on the laptop itself)."""
    base = str(current_app.config.get("BASE_URL") or "").rstrip("/")
    if base:
        return base + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)


def qr_svg(url: str) -> Markup:
    """The QR code of `url` as inline SVG (segno): no image file, no third-party request.
    The SVG holds only segno's path (the URL is not written into it)."""
    code = segno.make(url, error="m")
    svg = code.svg_inline(scale=8, dark="#000", light="#fff", omitsize=True, title="")
    return Markup(svg)


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


# --- the join link -----------------------------------------------------------------------


def _join_limit() -> str:
    return str(current_app.config.get("JOIN_RATE_LIMIT", JOIN_RATE_LIMIT))


# One allowance for both join forms: typing codes on one and posting them to the other
# counts the same.
_join_posts = limiter.shared_limit(_join_limit, scope="join", methods=["POST"])


@join_bp.route("/join", methods=["GET", "POST"])
@_join_posts
def enter() -> str | tuple[str, int] | Response:
    """A form to type the code read on a screen or a sheet."""
    _form_only()
    if request.method == "GET":
        return render_template("groups/join_enter.html", typed="", error=None)
    typed = request.form.get("code", "")[:40]
    group = groups.group_by_code(typed)
    if group is None:
        error = _("No group has this code. Check it with the person who gave it to you.")
        return render_template("groups/join_enter.html", typed=typed, error=error), 404
    return redirect(url_for("join.page", code=group.join_code))


@join_bp.route("/join/<code>", methods=["GET", "POST"], endpoint="page")
@_join_posts
def join_page(code: str) -> str | tuple[str, int] | Response:
    """Unknown code: 404; joining closed: 403, each with a page saying so. Open: the
    signed-in person joins with one button; anyone else creates an account here."""
    _form_only()
    group = groups.group_by_code(code)
    if group is None:
        return render_template("groups/join_closed.html", group=None), 404
    if not group.join_open:
        return render_template("groups/join_closed.html", group=group), 403
    if current_user.is_authenticated:
        return _join_signed_in(group)
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            user = accounts.add_account(
                form.email.data or "", form.name.data or "", form.password.data or ""
            )
        except accounts.AccountError:
            form.email.errors = [_("An account already uses this email. Sign in instead.")]
        else:
            groups.join(group, user.id)
            login_user(user)
            flash(
                _(
                    "Welcome, %(name)s! You are in the group %(group)s.",
                    name=user.name,
                    group=group.name,
                ),
                "info",
            )
            return redirect(url_for("catalog.index"))
    return render_template("groups/join.html", group=group, form=form, member=False)


def _join_signed_in(group: Group) -> str | Response:
    member = groups.is_member(group.id, current_user.id)
    if request.method == "POST":
        if groups.join(group, current_user.id):
            flash(_("You are in the group %(group)s.", group=group.name), "info")
        return redirect(url_for("catalog.index"))
    return render_template("groups/join.html", group=group, form=None, member=member)
