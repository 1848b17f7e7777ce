"""Certificates of completion: issued once per learner and course version, as a PDF, with a
code anyone can check at a public address.

The certificate states the active time spent, as French training bodies (Qualiopi) must
prove the hours of training of each learner.
"""

from __future__ import annotations

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


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def issue(db: Session, user: User | SignedInUser, course: Course) -> Certificate | None:
    """The learner's certificate for this course, issued now if the course is done."""
    existing = db.scalar(select(Certificate).filter_by(
        user_id=user.id, course_id=course.id, course_version=course.version))
    if existing is not None:
        return existing
    status = progress.status(db, user.id, course)
    if status.state not in ("completed", "passed"):
        return None
    certificate = Certificate(code=new_code(), user_id=user.id, course_id=course.id,
                              course_version=course.version, course_title=course.title,
                              learner_name=user.name,
                              seconds=progress.time_spent(db, user.id, course),
                              score=status.score, state=status.state)
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
    certificate = issue(session(), current_user, course)
    if certificate is None:
        abort(404)
    verify_url = url_for("certificates.verify", code=certificate.code, _external=True)
    html = render_template("certificates/certificate.html", certificate=certificate,
                           verify_url=verify_url,
                           issued=format_date(certificate.issued_at, "long"))
    static = Path(current_app.static_folder or "static")
    pdf = html_to_pdf(html, static, [static / "certificate.css"])
    filename = _("certificate") + f"-{course.id}.pdf"
    return Response(pdf, mimetype="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.get("/verify")
def verify() -> str:
    """Public: anyone holding a certificate's code can check it."""
    code = request.args.get("code", "").strip().upper()
    certificate = None
    if code:
        certificate = session().scalar(select(Certificate).filter_by(code=code))
    return render_template("certificates/verify.html", code=code, certificate=certificate)
