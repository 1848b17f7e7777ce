"""`liane export`: a course packaged for an LMS (SCORM) or as a workshop kit.

A group of its own, registered on the `liane` command by engine/cli.py, so each module stays
short; what both say to authors is the same (problems as `path:line:col: ...`, a
ClickException for a user error). The exporters are imported inside the commands: `liane
--help` and `liane check` never load them.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from engine.i18n import N_, _


def with_progress(directory: Path, load: Any, show: bool) -> Any:
    """Run a loader with a progress bar on a terminal (big courses take seconds); `liane check`
    uses it too."""
    if not (show and sys.stderr.isatty()):
        return load(directory)
    total = sum(1 for p in directory.rglob("*") if p.suffix in (".md", ".yml", ".yaml"))
    with click.progressbar(
        length=total, label=_("Checking"), file=sys.stderr, show_pos=True
    ) as bar:
        return load(directory, progress=lambda _path: bar.update(1))


def _load(course_dir: Path) -> Any:
    """The course to export, or its problems printed and a ClickException."""
    from engine.loader import load_course

    course, problems = with_progress(course_dir, load_course, True)
    if course is None:
        for problem in problems:
            click.secho(problem.format(), fg="red" if problem.is_error else "yellow", err=True)
        raise click.ClickException(_("fix the errors above, then export again"))
    return course


# What both exports take: the course folder (named in the usage line in the author's
# language) and the choice of the runtime's readable sources.
course_dir_argument = click.argument(
    "course_dir",
    metavar=N_("COURSE_DIR"),
    type=click.Path(file_okay=False, exists=True, path_type=Path),
)

readable_runtime_option = click.option(
    "--readable-runtime",
    is_flag=True,
    help=N_("ship the runtime's readable sources instead of minified files"),
)


@click.group(help=N_("Export a course for other platforms."))
def export() -> None:
    pass


@export.command(
    "scorm",
    help=N_(
        "Package COURSE_DIR as a SCORM zip for an LMS (Moodle, Chamilo, Open edX...).\n\n"
        "For Moodle use --preset moodle; the README's SCORM section lists the activity "
        "settings that matter there."
    ),
)
@course_dir_argument
@click.option(
    "--standard",
    type=click.Choice(["scorm12", "scorm2004"]),
    default=None,
    help=N_("SCORM 2004 4th Edition by default"),
)
@click.option("--sco-per-module", is_flag=True, help=N_("one SCO per module (LMS menu)"))
@click.option("--module", type=int, default=None, help=N_("export module N alone (from 1)"))
@click.option(
    "--preset",
    type=click.Choice(["moodle"]),
    default=None,
    help=N_(
        "what a given LMS needs. moodle: SCORM 1.2, one SCO, no mastery score in "
        "the manifest (Moodle's mastery override would replace the course's own "
        "passed/failed); the score is reported once final, so a learner who "
        "leaves half-way stays incomplete"
    ),
)
@click.option(
    "--failed-as",
    type=click.Choice(["failed", "incomplete"]),
    default="failed",
    show_default=True,
    help=N_("report a failure as incomplete (LMSs that lock out)"),
)
@readable_runtime_option
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help=N_("the zip to write (default: <course id>-<version>-<standard>.zip)"),
)
def export_scorm_command(
    course_dir: Path,
    standard: str | None,
    sco_per_module: bool,
    module: int | None,
    preset: str | None,
    failed_as: str,
    readable_runtime: bool,
    output: Path | None,
) -> None:
    from dataclasses import replace

    from export.scorm import PRESETS, ExportError, ScormOptions, default_output, export_scorm

    course = _load(course_dir)
    options = PRESETS[preset] if preset else ScormOptions()
    options = replace(
        options,
        failed_as=failed_as,
        module=module,
        sco_per_module=sco_per_module or options.sco_per_module,
        standard=standard or options.standard,
        minify=not readable_runtime,
    )
    try:
        package = export_scorm(course, options)
    except ExportError as exc:
        raise click.ClickException(str(exc)) from exc
    target = output or default_output(course, options)
    target.write_bytes(package)
    click.echo(
        _("{path}: {size} KB, {standard}").format(
            path=target, size=round(len(package) / 1024), standard=options.standard
        )
    )


def _time_of_day(_ctx: click.Context, _param: click.Parameter, value: str | None) -> Any:
    """--start 14:00 as a time of day (the guide's plan shows clock times from it)."""
    import datetime

    if value is None:
        return None
    try:
        hours, minutes = value.split(":")
        if len(hours) > 2 or len(minutes) != 2:
            raise ValueError(value)
        return datetime.time(int(hours), int(minutes))
    except ValueError:
        raise click.BadParameter(
            _("{value} is not a time of day: give hours and minutes, e.g. 14:00").format(
                value=value
            )
        ) from None


@export.command(
    "kit",
    help=N_(
        "Make COURSE_DIR's workshop kit: the course as an offline site with a projection "
        "mode, the facilitator guide, the participant booklet and the answer key (PDF)."
    ),
)
@course_dir_argument
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help=N_("the zip to write (default: <course id>-<version>-kit.zip)"),
)
@click.option(
    "--dir",
    "folder",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help=N_("write the kit's files into this folder instead of a zip"),
)
@click.option(
    "--start",
    callback=_time_of_day,
    default=None,
    metavar=N_("HH:MM"),
    help=N_("the workshop's start time: the facilitator guide's plan shows clock times"),
)
@readable_runtime_option
def export_kit_command(
    course_dir: Path,
    output: Path | None,
    folder: Path | None,
    start: Any,
    readable_runtime: bool,
) -> None:
    from export.kit import KitOptions, default_output, kit_files, write_folder
    from export.scorm import ExportError

    if output is not None and folder is not None:
        raise click.UsageError(_("give -o/--output or --dir, not both"))
    course = _load(course_dir)

    def step(done: str) -> None:
        click.echo(_("Made {files}").format(files=done), err=True)

    try:
        files = kit_files(course, KitOptions(start=start, minify=not readable_runtime), step)
    except ExportError as exc:
        raise click.ClickException(str(exc)) from exc
    size = round(sum(len(data) for data in files.values()) / 1024)
    if folder is not None:
        write_folder(files, folder)
        click.echo(_("{path}: {n} files, {size} KB").format(path=folder, n=len(files), size=size))
        return
    from export.archive import build_zip

    package = build_zip(files)
    target = output or default_output(course)
    target.write_bytes(package)
    click.echo(
        _("{path}: {size} KB, {n} files").format(
            path=target, size=round(len(package) / 1024), n=len(files)
        )
    )
