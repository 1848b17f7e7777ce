"""Certificates of completion: issued once per learner and course version, as a PDF, with a
code anyone can check at a public address.

The certificate states the active time spent, as French training bodies (Qualiopi) must
prove the hours of training of each learner.
"""

from __future__ import annotations

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
        certificate.pdf = render_pdf(certificate)
        db.commit()
    filename = _("certificate") + f"-{course.id}.pdf"
    response = Response(
        certificate.pdf,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
    response.cache_control.no_store = True
    return response


def render_pdf(certificate: Certificate) -> bytes:
    html = render_template(
        "certificates/certificate.html",
        certificate=certificate,
        verify_url=verify_url(certificate.code),
        issued=format_date(certificate.issued_at, "long"),
    )
    static = Path(current_app.static_folder or "static")
    return html_to_pdf(html, static, [static / "certificate.css"])


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
