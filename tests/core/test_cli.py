"""The `liane` command as authors use it."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner

from engine.cli import main


def test_new_course_passes_check(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["new", "mon-cours", "--dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "mon-cours").iterdir()) == [
        "01-introduction.md",
        "course.yml",
        "media",
        "quiz-1.yml",
    ]
    result = runner.invoke(main, ["check", str(tmp_path / "mon-cours")])
    assert result.exit_code == 0
    assert result.output == ("1 course(s), 1 lesson(s), 1 quiz(zes): no error, 0 warning(s)\n")


def test_new_refuses_a_bad_id_and_an_existing_folder(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["new", "Mon Cours", "--dir", str(tmp_path)])
    assert result.exit_code == 1
    assert "`Mon Cours` cannot be a course id" in result.output
    runner.invoke(main, ["new", "ok", "--dir", str(tmp_path)])
    result = runner.invoke(main, ["new", "ok", "--dir", str(tmp_path)])
    assert result.exit_code == 1
    assert "already exists" in result.output


def test_check_reports_problems_and_exits_1(make_course: Callable[..., Path]) -> None:
    root = make_course(
        {
            "quiz.yml": """
        title: Quiz
        questions:
          - type: single_choice
            prompt: Q
            options:
              - text: A
                corect: true
              - text: B
    """
        }
    )
    result = CliRunner().invoke(main, ["check", str(root)])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0].endswith("quiz.yml:7:9: error: unknown key `corect` (did you mean `correct`?)")
    assert lines[-1] == "1 error(s), 0 warning(s)"


def test_check_json_output(make_course: Callable[..., Path]) -> None:
    root = make_course({"intro.md": "Sans titre.\n"})
    result = CliRunner().invoke(main, ["check", str(root), "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["ok"] is True and data["courses"] == ["demo"]
    assert data["problems"][0]["line"] == 1
    assert data["problems"][0]["severity"] == "warning"
    assert data["problems"][0]["message"] == "the lesson has no title"


def test_check_missing_folder() -> None:
    result = CliRunner().invoke(main, ["check", "does-not-exist"])
    assert result.exit_code == 1
    assert "folder not found: does-not-exist" in result.output


def test_schema_command_writes_the_three_schemas(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["schema", "-o", str(tmp_path)])
    assert result.exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "course.schema.json",
        "paths.schema.json",
        "quiz.schema.json",
    ]
    quiz = json.loads((tmp_path / "quiz.schema.json").read_text())
    assert quiz["required"] == ["title", "questions"]


def test_export_is_a_group_of_the_liane_command() -> None:
    """`liane export` lives in engine/cli_export.py, registered on the main group: the same
    commands, help and -h as when it was written in engine/cli.py."""
    runner = CliRunner()
    result = runner.invoke(main, ["--help"], prog_name="liane")
    assert "  export    Export a course for other platforms.\n" in result.output
    result = runner.invoke(main, ["export", "-h"], prog_name="liane")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "Usage: liane export [OPTIONS] COMMAND [ARGS]..."
    commands = lines[lines.index("Commands:") + 1 :]
    assert [line.split()[0] for line in commands] == ["kit", "scorm"]
    assert commands[0].startswith("  kit    Make COURSE_DIR's workshop kit: the course as")
    result = runner.invoke(main, ["export", "kit", "-h"], prog_name="liane")
    assert result.output.startswith("Usage: liane export kit [OPTIONS] COURSE_DIR\n")
