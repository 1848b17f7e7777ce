"""Exporters (SCORM packages, workshop kits) built on the engine's course model.

They depend on the engine core only, never on the player.
"""
