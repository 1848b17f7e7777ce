"""The catalog: training paths and courses, with the learner's progress in each."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user, login_required

from engine.player import progress
from engine.player.courses import library
from engine.player.db import session

bp = Blueprint("catalog", __name__)


@bp.get("/")
@login_required
def index() -> str:
    lib = library()
    db = session()
    statuses = {c.id: progress.status(db, current_user.id, c) for c in lib.courses}
    courses = {c.id: c for c in lib.courses}
    paths = [(p, [courses[cid] for cid in p.courses if cid in courses]) for p in lib.paths]
    return render_template(
        "catalog/index.html", courses=lib.courses, paths=paths, statuses=statuses
    )
