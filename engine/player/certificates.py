"""Certificates of completion: issued once per learner and course version, as a PDF, with a
code anyone can check at a public address.

The certificate states the active time spent, as French training bodies (Qualiopi) must
prove the hours of training of each learner, beside the course's planned duration; it ends
with the organisation that issues it (LIANE_ORGANISATION_NAME and its logo).
"""

from __future__ import annotations

import base64
import re
import secrets
from pathlib import Path

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    render_template,
    request,
    url_for,
)
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from engine.model import Course
from engine.pdf import html_to_pdf
from engine.player import progress
from engine.player.courses import course_or_404
from engine.player.db import session
from engine.player.models import Certificate, User
from engine.player.security import SignedInUser

bp = Blueprint("certificates", __name__)
ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: codes are read aloud and typed


CODE = re.compile(f"[{ALPHABET}]{{4}}-[{ALPHABET}]{{4}}-[{ALPHABET}]{{4}}")


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def issue(db: Session, user: User | SignedInUser, course: Course) -> Certificate | None:
    """The learner's certificate for this course, issued now if the course is done."""
    existing = db.scalar(
        select(Certificate).filter_by(
            user_id=user.id, course_id=course.id, course_version=course.version
        )
    )
    if existing is not None:
        return existing
    status = progress.status(db, user.id, course)
    if status.state not in ("completed", "passed"):
        return None
    certificate = Certificate(
        code=new_code(),
        user_id=user.id,
        course_id=course.id,
        course_version=course.version,
        course_title=course.title,
        learner_name=user.name,
        seconds=progress.time_spent(db, user.id, course),
        score=status.score,
        state=status.state,
    )
    db.add(certificate)
    try:
        db.commit()
    except IntegrityError:  # issued by a concurrent request: use that one
        db.rollback()
        return issue(db, user, course)
    return certificate


@bp.get("/certificates/<course_id>.pdf")
@login_required
def download(course_id: str) -> Response:
    course = course_or_404(course_id)
    db = session()
    certificate = issue(db, current_user, course)
    if certificate is None:
        abort(404)
    if certificate.pdf is None:  # rendered once, at the first download, then kept
        certificate.pdf = render_pdf(certificate, course)
        db.commit()
    filename = _("certificate") + f"-{course.id}.pdf"
    response = Response(
        certificate.pdf,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
    response.cache_control.no_store = True
    return response


def render_pdf(certificate: Certificate, course: Course) -> bytes:
    """The certificate as PDF: rendered once, at its first download, then kept as issued
    (the course's planned duration and the organisation are those of that moment)."""
    html = render_template(
        "certificates/certificate.html",
        certificate=certificate,
        verify_url=verify_url(certificate.code),
        issued=format_date(certificate.issued_at, "long"),
        planned=course.duration,
        organisation=str(current_app.config.get("ORGANISATION_NAME") or "").strip(),
        logo=organisation_logo(),
    )
    static = Path(current_app.static_folder or "static")
    return html_to_pdf(html, static, [static / "certificate.css"])


LOGO_NAMES = ("logo.svg", "logo.png", "logo.jpg")
LOGO_TYPES = {".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg"}
LOGO_MAX_BYTES = 2 * 1024 * 1024


def organisation_logo() -> str | None:
    """The organisation's logo as a data: URL, embedded in the PDF: the file named by
    ORGANISATION_LOGO, else the first of instance/logo.svg, logo.png, logo.jpg. Nothing is
    fetched from a network (engine.pdf refuses any other address, even inside an SVG); a
    missing, unreadable, oversized or unknown kind of file gives no logo."""
    configured = str(current_app.config.get("ORGANISATION_LOGO") or "")
    instance = Path(current_app.instance_path)
    names = (configured,) if configured else LOGO_NAMES  # relative: in the instance folder
    candidates = [instance / name for name in names]
    for path in candidates:
        kind = LOGO_TYPES.get(path.suffix.lower())
        try:
            if kind is None or path.stat().st_size > LOGO_MAX_BYTES:
                continue
            data = path.read_bytes()
        except OSError:
            continue
        return f"data:{kind};base64,{base64.b64encode(data).decode('ascii')}"
    return None


def verify_url(code: str) -> str | None:
    """The public address where a certificate is checked, on the configured site
    (LIANE_BASE_URL): a PDF outlives the request that made it, and a request's Host header
    is whatever the client sent. Without a base URL the certificate gives its code only."""
    base = str(current_app.config.get("BASE_URL") or "").rstrip("/")
    if not base:
        return None
    return base + url_for("certificates.verify", code=code)


@bp.get("/verify")
def verify() -> str:
    """Public: anyone holding a certificate's code can check it."""
    code = request.args.get("code", "").strip().upper()[:32]
    certificate = None
    if CODE.fullmatch(code):
        certificate = session().scalar(select(Certificate).filter_by(code=code))
    return render_template("certificates/verify.html", code=code, certificate=certificate)
