"""Where an item's page is and which items come before and after it: the lesson pages
(learn) and the quiz pages (quiz) both link through here, so neither imports the other
for it."""

from __future__ import annotations

from flask import url_for

from engine.model import Course, Item


def item_url(course: Course, item: Item, view: str | None = None) -> str:
    """An item's page; `view` ("projected": engine/player/projected.py) rides along as
    `?view=`, so moving from item to item keeps the staff's projected view."""
    return url_for("learn.item", course_id=course.id, subpath=f"{item.id}.html", view=view)


def neighbours(course: Course, item: Item) -> tuple[Item | None, Item | None]:
    items = list(course.items())
    index = next(i for i, other in enumerate(items) if other.id == item.id)
    return (
        items[index - 1] if index else None,
        items[index + 1] if index + 1 < len(items) else None,
    )
