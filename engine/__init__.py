"""Liane's engine core: the course model, its loading and validation, rendering and grading.

This package is pure: it never imports Flask or SQLAlchemy (a test checks it), so the player
(`engine.player`) and the exporters (`export`) can both build on it.
"""
