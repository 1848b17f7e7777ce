"""The `liane` command: check courses, scaffold a new one, export schemas, run the player;
`liane export` (SCORM, workshop kit) is its group in engine/cli_export.py.

Heavy modules are imported inside the commands so `liane --help` stays instant. Problems in
authors' files are printed as `path:line:col: severity: message (hint)`; no traceback ever
reaches an author (unexpected failures are reported as a short message with the file).
"""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path

import click

from engine.cli_export import export, with_progress
from engine.cli_i18n import Group
from engine.i18n import N_, _

# The help texts are written in English with N_ and shown in the author's language by
# engine/cli_i18n.py (as are click's own texts around them).


@click.group(
    cls=Group,
    context_settings={"help_option_names": ["-h", "--help"]},
    help=N_("Liane: Markdown and YAML courses for a learning player, SCORM and workshop kits."),
)
@click.version_option(package_name="liane")
def main() -> None:
    pass


main.add_command(export)  # engine/cli_export.py: liane export scorm, liane export kit


@main.command(help=N_("Check the courses in DIRECTORY (default: courses/), or one course folder."))
@click.argument("directory", default="courses", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--format",
    "output",
    type=click.Choice(["text", "json"]),
    default="text",
    help=N_("text for people, json for tools"),
)
def check(directory: Path, output: str) -> None:
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


@main.command(help=N_("Create a course folder COURSE_ID that passes `liane check`."))
@click.argument("course_id", metavar=N_("COURSE_ID"))
@click.option(
    "--dir",
    "parent",
    default="courses",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help=N_("folder that holds the courses"),
)
@click.option("--title", default=None, help=N_("title of the new course"))
@click.option("--language", default="fr", show_default=True, help=N_("the course's language"))
def new(course_id: str, parent: Path, title: str | None, language: str) -> None:
    from engine.scaffold import scaffold_course

    target = scaffold_course(parent, course_id, title=title, language=language)
    click.echo(
        _("Created {path}. Next: edit its files, then run `liane check {path}`.").format(
            path=target
        )
    )


@main.command(
    help=N_("Print the JSON Schema of course.yml, quiz files or paths.yml (for editors).")
)
@click.argument("name", required=False, type=click.Choice(["course", "quiz", "paths"]))
@click.option(
    "-o",
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help=N_("write course/quiz/paths.schema.json into this folder"),
)
def schema(name: str | None, out: Path | None) -> None:
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


@main.command(
    help=N_("Start the learning player (development server; use gunicorn in production).")
)
@click.option(
    "--courses",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    default=None,
    help=N_("the folder of the courses to serve (LIANE_COURSES_DIR; default: the examples)"),
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help=N_("0.0.0.0 to be reached from other machines"),
)
@click.option("--port", default=5000, show_default=True, type=int, help=N_("the port to listen on"))
@click.option("--reload-courses", is_flag=True, help=N_("reload the courses when a file changes"))
@click.option("--debug", is_flag=True, help=N_("Flask's debugger (development only)"))
def serve(courses: Path | None, host: str, port: int, reload_courses: bool, debug: bool) -> None:
    import os

    from engine.player.commands import serve as serve_player

    if courses is not None:
        # The player reads its settings from LIANE_* variables (engine/player/config.py):
        # the option is that variable, for this process.
        os.environ["LIANE_COURSES_DIR"] = str(courses.resolve())
    serve_player(host, port, reload_courses, debug)


@main.command(
    help=N_(
        "Run a live workshop: this computer serves the courses of COURSE_DIR (one course "
        "folder, or a folder of courses) to the room's phones, on its Wi-Fi or hotspot.\n\n"
        "Prints the addresses participants can open, the likely one first. With QUIZ (a quiz "
        "or survey of the course, e.g. quiz-1-notions), starts a live session on it and "
        "prints the projected screen's address, the phone remote's and the join code."
    )
)
@click.argument(
    "course_dir",
    metavar=N_("COURSE_DIR"),
    type=click.Path(file_okay=False, exists=True, path_type=Path),
)
@click.argument("quiz", metavar=N_("[QUIZ]"), required=False)
@click.option(
    "--host",
    default="0.0.0.0",
    show_default=True,
    help=N_("the address to listen on; 127.0.0.1: this computer only"),
)
@click.option("--port", default=5000, show_default=True, type=int, help=N_("the port to listen on"))
def workshop(course_dir: Path, quiz: str | None, host: str, port: int) -> None:
    import os
    import shlex

    from engine.player.commands import workshop as run_workshop

    # As `liane serve --courses`: the player reads its courses folder from this variable.
    os.environ["LIANE_COURSES_DIR"] = str(course_dir.resolve())
    again = " ".join(shlex.quote(part) for part in (str(course_dir), quiz or "") if part)
    retry = f"`liane workshop {again} --port {{other}}`"
    run_workshop(host, port, quiz, retry)


@main.group(help=N_("The player's database."))
def db() -> None:
    pass


@db.command(
    "upgrade",
    help=N_("Create or upgrade the database schema (LIANE_DATABASE_URL, default SQLite)."),
)
def db_upgrade() -> None:
    from engine.player.commands import app_with_db

    app = app_with_db()
    click.echo(_("Database ready: {url}").format(url=app.config["DATABASE_URL"]))


@main.group(help=N_("Accounts of the learning player."))
def users() -> None:
    pass


@users.command("create", help=N_("Create an account."))
@click.argument("email", metavar=N_("EMAIL"))
@click.option("--name", required=True, help=N_("the person's name, as others see it"))
@click.option(
    "--role",
    type=click.Choice(["learner", "facilitator", "admin"]),
    default="learner",
    show_default=True,
)
@click.option("--password", help=N_("asked when not given (not with --invite)"))
@click.option("--if-missing", is_flag=True, help=N_("do nothing when the account exists"))
@click.option("--invite", is_flag=True, help=N_("email a link to choose the password"))
def users_create(
    email: str, name: str, role: str, password: str | None, if_missing: bool, invite: bool
) -> None:
    from engine.player.commands import app_with_db, create_account

    if invite and password is not None:
        raise click.UsageError(_("--invite lets the person choose the password: omit --password"))
    if not invite and password is None:
        password = click.prompt(_("Password"), hide_input=True, confirmation_prompt=True)
    app = app_with_db()
    if if_missing:
        from engine.player.accounts import find_user

        with app.app_context():
            if find_user(email) is not None:
                return
    create_account(app, email, name, password, role, invite)
    click.echo(_("Account created: {email} ({role})").format(email=email, role=role))


@users.command("reset-password", help=N_("Set a new password for an account."))
@click.argument("email", metavar=N_("EMAIL"))
@click.password_option(prompt=N_("Password"), help=N_("asked when not given"))
def users_reset_password(email: str, password: str) -> None:
    from engine.player.commands import app_with_db, reset_password

    reset_password(app_with_db(), email, password)
    click.echo(_("Password changed for {email}").format(email=email))


@users.command(
    "import",
    help=N_(
        "Create accounts from a CSV file of `email,name[,role]` lines (UTF-8).\n\n"
        "Every line is checked first; the good ones are created, each bad one is reported "
        "with its number, and the exit code is 1 when any line was not imported."
    ),
)
@click.argument(
    "csv_file",
    metavar=N_("CSV_FILE"),
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
)
@click.option(
    "--invite", is_flag=True, help=N_("email each new member a link to choose a password")
)
def users_import(csv_file: Path, invite: bool) -> None:
    from engine.player.commands import app_with_db, import_file

    created, problems = import_file(app_with_db(), csv_file, invite)
    for problem in problems:
        click.secho(problem, fg="yellow", err=True)
    click.echo(_("{n} account(s) created").format(n=created))
    if problems:
        click.secho(_("{n} line(s) not imported").format(n=len(problems)), fg="red", err=True)
        sys.exit(1)


@main.command(
    help=N_(
        "Email each learner whose assigned path or course is due within a few days "
        "(--days) or late, and not completed: at most one email per assignment and week "
        "(for cron)."
    )
)
@click.option(
    "--days",
    type=click.IntRange(0, 365),
    default=3,
    show_default=True,
    help=N_("remind this many days before the due date"),
)
@click.option("--dry-run", is_flag=True, help=N_("list who would get a reminder, send nothing"))
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help=N_("act as on this day (YYYY-MM-DD), e.g. to catch up a missed day"),
)
def remind(days: int, dry_run: bool, today: datetime | None) -> None:
    from engine.player.commands import app_with_db
    from engine.player.reminders import run as run_reminders

    sys.exit(run_reminders(app_with_db(), days, dry_run, today.date() if today else None))


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
