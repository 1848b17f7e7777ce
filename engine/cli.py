"""The `liane` command: check courses, scaffold a new one, export schemas, run the player;
`liane export` (SCORM, workshop kit) is its group in engine/cli_export.py.

Heavy modules are imported inside the commands so `liane --help` stays instant. Problems in
authors' files are printed as `path:line:col: severity: message (hint)`; no traceback ever
reaches an author (unexpected failures are reported as a short message with the file).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from engine.cli_export import export, with_progress
from engine.i18n import _


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="liane")
def main() -> None:
    """Liane: Markdown and YAML courses for a learning player, SCORM and workshop kits."""


main.add_command(export)  # engine/cli_export.py: liane export scorm, liane export kit


@main.command()
@click.argument("directory", default="courses", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--format",
    "output",
    type=click.Choice(["text", "json"]),
    default="text",
    help="text for people, json for tools",
)
def check(directory: Path, output: str) -> None:
    """Check the courses in DIRECTORY (default: courses/), or one course folder."""
    from engine.errors import has_errors
    from engine.loader import load_library

    if not directory.is_dir():
        raise click.ClickException(_("folder not found: {path}").format(path=directory))
    library, problems = with_progress(directory, load_library, output == "text")
    if output == "json":
        click.echo(
            json.dumps(
                {
                    "ok": not has_errors(problems),
                    "courses": [c.id for c in library.courses] if library else [],
                    "problems": [p.to_dict() for p in problems],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        for problem in problems:
            color = "red" if problem.is_error else "yellow"
            click.secho(problem.format(), fg=color, err=False)
        errors = sum(p.is_error for p in problems)
        warnings = len(problems) - errors
        if library is not None:
            lessons = sum(len(c.lessons) for c in library.courses)
            quizzes = sum(len(c.quizzes) for c in library.courses)
            click.secho(
                _(
                    "{courses} course(s), {lessons} lesson(s), {quizzes} quiz(zes): "
                    "no error, {warnings} warning(s)"
                ).format(
                    courses=len(library.courses),
                    lessons=lessons,
                    quizzes=quizzes,
                    warnings=warnings,
                ),
                fg="green",
            )
        else:
            click.secho(
                _("{errors} error(s), {warnings} warning(s)").format(
                    errors=errors, warnings=warnings
                ),
                fg="red",
            )
    sys.exit(1 if has_errors(problems) else 0)


@main.command()
@click.argument("course_id")
@click.option(
    "--dir",
    "parent",
    default="courses",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="folder that holds the courses",
)
@click.option("--title", default=None, help="title of the new course")
@click.option("--language", default="fr", show_default=True)
def new(course_id: str, parent: Path, title: str | None, language: str) -> None:
    """Create a course folder COURSE_ID that passes `liane check`."""
    from engine.scaffold import scaffold_course

    target = scaffold_course(parent, course_id, title=title, language=language)
    click.echo(
        _("Created {path}. Next: edit its files, then run `liane check {path}`.").format(
            path=target
        )
    )


@main.command()
@click.argument("name", required=False, type=click.Choice(["course", "quiz", "paths"]))
@click.option(
    "-o",
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="write course/quiz/paths.schema.json into this folder",
)
def schema(name: str | None, out: Path | None) -> None:
    """Print the JSON Schema of course.yml, quiz files or paths.yml (for editors)."""
    from engine.jsonschema import all_json_schemas

    schemas = all_json_schemas()
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        for filename, body in schemas.items():
            (out / filename).write_text(
                json.dumps(body, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
            )
            click.echo(out / filename)
        return
    body = schemas[f"{name or 'quiz'}.schema.json"]
    click.echo(json.dumps(body, ensure_ascii=False, indent=2))


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--reload-courses", is_flag=True, help="reload the courses when a file changes")
@click.option("--debug", is_flag=True, help="Flask's debugger (development only)")
def serve(host: str, port: int, reload_courses: bool, debug: bool) -> None:
    """Start the learning player (development server; use gunicorn in production)."""
    from engine.player.commands import serve as serve_player

    serve_player(host, port, reload_courses, debug)


@main.group()
def db() -> None:
    """The player's database."""


@db.command("upgrade")
def db_upgrade() -> None:
    """Create or upgrade the database schema (LIANE_DATABASE_URL, default SQLite)."""
    from engine.player.commands import app_with_db

    app = app_with_db()
    click.echo(_("Database ready: {url}").format(url=app.config["DATABASE_URL"]))


@main.group()
def users() -> None:
    """Accounts of the learning player."""


@users.command("create")
@click.argument("email")
@click.option("--name", required=True)
@click.option(
    "--role",
    type=click.Choice(["learner", "facilitator", "admin"]),
    default="learner",
    show_default=True,
)
@click.password_option(help="asked when not given")
@click.option("--if-missing", is_flag=True, help="do nothing when the account exists")
def users_create(email: str, name: str, role: str, password: str, if_missing: bool) -> None:
    """Create an account."""
    from engine.player.commands import app_with_db, create_account

    app = app_with_db()
    if if_missing:
        from engine.player.accounts import find_user

        with app.app_context():
            if find_user(email) is not None:
                return
    create_account(app, email, name, password, role)
    click.echo(_("Account created: {email} ({role})").format(email=email, role=role))


@users.command("reset-password")
@click.argument("email")
@click.password_option(help="asked when not given")
def users_reset_password(email: str, password: str) -> None:
    """Set a new password for an account."""
    from engine.player.commands import app_with_db, reset_password

    reset_password(app_with_db(), email, password)
    click.echo(_("Password changed for {email}").format(email=email))


@users.command("import")
@click.argument("csv_file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
def users_import(csv_file: Path) -> None:
    """Create accounts from a CSV file of `email,name[,role]` lines (UTF-8).

    Every line is checked first; the good ones are created, each bad one is reported with
    its number, and the exit code is 1 when any line was not imported.
    """
    from engine.player.commands import app_with_db, import_file

    created, problems = import_file(app_with_db(), csv_file)
    for problem in problems:
        click.secho(problem, fg="yellow", err=True)
    click.echo(_("{n} account(s) created").format(n=created))
    if problems:
        click.secho(_("{n} line(s) not imported").format(n=len(problems)), fg="red", err=True)
        sys.exit(1)


def run() -> None:
    """Entry point: an unexpected failure prints one line, not a traceback.

    Set LIANE_DEBUG=1 to see the traceback when reporting a bug.
    """
    import os

    try:
        main(standalone_mode=True)
    except Exception as exc:  # the last guard before the author's terminal
        if os.environ.get("LIANE_DEBUG"):
            raise
        click.secho(
            _(
                "Liane failed unexpectedly: {error}. Please report it with the command "
                "you ran (LIANE_DEBUG=1 shows the details)."
            ).format(error=f"{type(exc).__name__}: {exc}"),
            fg="red",
            err=True,
        )
        sys.exit(2)


if __name__ == "__main__":  # pragma: no cover
    run()
