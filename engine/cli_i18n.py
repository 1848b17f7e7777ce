"""The `liane` command in the author's language: its own help and click's texts around it.

Two kinds of text reach the terminal. Ours (the commands' and options' help, the usage line's
metavars) are written in English with `N_` in engine/cli.py and engine/cli_export.py, and
`speaking()` swaps in their translation for the time of one run. Click's ("Usage:", "Error:
{message}", "No such option {name!r}.", "Show this message and exit.") go through the
standard library's `gettext` in its global domain: `speaking()` points that domain at our
catalog, engine/locale/…/liane.po, where CLICK_TEXTS and CLICK_PLURALS below keep them.

Both follow `engine.i18n.current_language()` (LIANE_LANG, then LANGUAGE, LC_ALL, LC_MESSAGES,
LANG), and everything is put back when the run ends, so a test process can run the command
in French, then in English.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import click

from engine.i18n import DOMAIN, LOCALE_DIR, N_, _, current_language


def ngettext(singular: str, plural: str) -> tuple[str, str]:
    """Marks one of click's plural texts for the catalog: Babel's extractor knows this name
    (its `ngettext` keyword), so `make messages` keeps singular and plural together."""
    return singular, plural


# Click's texts that a `liane` user can meet, in click 8's words (tests/core/test_cli_language.py
# checks that click still uses each). Kept here so that `make messages` keeps them in liane.po.
CLICK_TEXTS = (
    N_("Usage:"),
    N_("Options"),
    N_("Commands"),
    N_("Show this message and exit."),
    N_("Show the version and exit."),
    N_("%(prog)s, version %(version)s"),
    N_("Error: {message}"),
    N_("Try '{command} {option}' for help."),
    N_("No such option {name!r}."),
    N_("No such command {name!r}."),
    N_("Missing command."),
    N_("Invalid value for {param_hint}: {message}"),
    N_("Invalid value: {message}"),
    N_("Missing argument"),
    N_("Missing option"),
    N_("Missing parameter"),
    N_("Missing parameter: {param_name}"),
    N_("Option {name!r} does not take a value."),
    N_("{value!r} is not a valid {number_type}."),
    N_("{value} is not in the range {range}."),
    N_("default: {default}"),
    N_("required"),
    N_("Aborted!"),
    N_("Repeat for confirmation"),
    N_("Error: The two entered values do not match."),
    N_("{name} {filename!r} does not exist."),
    N_("{name} {filename!r} is a file."),
    N_("{name} {filename!r} is a directory."),
    N_("{name} {filename!r} is not readable."),
    N_("{name} {filename!r} is not writable."),
)
CLICK_PLURALS = (
    ngettext("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"),
    ngettext("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"),
    ngettext(
        "Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."
    ),
    ngettext("{value!r} is not {choice}.", "{value!r} is not one of {choices}."),
    ngettext(
        "{value!r} does not match the format {format}.",
        "{value!r} does not match the formats {formats}.",
    ),
)

TYPE_NAMES = (N_("file"), N_("directory"), N_("path"), N_("integer"), N_("integer range"))
# The usage line's words that click writes in capitals without gettext: the options' and
# subcommands' placeholders, and the metavar of an option from its type's name.
OPTIONS_METAVAR = N_("[OPTIONS]")
SUBCOMMAND_METAVAR = N_("COMMAND [ARGS]...")
TYPE_METAVARS = {
    "text": N_("TEXT"),
    "integer": N_("INTEGER"),
    "integer range": N_("INTEGER RANGE"),
    "file": N_("FILE"),
    "directory": N_("DIRECTORY"),
    "path": N_("PATH"),
}


class Group(click.Group):
    """The `liane` group: each run speaks the author's language (`speaking`)."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        with speaking(self):
            return super().main(*args, **kwargs)


@contextmanager
def speaking(command: click.Command) -> Iterator[None]:
    """During the block, `command`, its subcommands and click itself speak the author's
    language; their English comes back after."""
    language = current_language()
    saved: list[tuple[Any, str, Any]] = []

    def put(owner: Any, attribute: str, value: Any) -> None:
        saved.append((owner, attribute, getattr(owner, attribute)))
        setattr(owner, attribute, value)

    _translate(command, put)
    domain, chosen = gettext.textdomain(), os.environ.get("LANGUAGE")
    gettext.bindtextdomain(DOMAIN, str(LOCALE_DIR))
    gettext.textdomain(DOMAIN)
    # The standard library reads the language from LANGUAGE first: the one Liane chose, so a
    # LIANE_LANG=fr run gets click's texts in French too.
    os.environ["LANGUAGE"] = language
    try:
        yield
    finally:
        gettext.textdomain(domain)
        if chosen is None:
            os.environ.pop("LANGUAGE", None)
        else:
            os.environ["LANGUAGE"] = chosen
        for owner, attribute, value in reversed(saved):
            setattr(owner, attribute, value)


def _translate(command: click.Command, put: Any) -> None:
    if command.help:
        put(command, "help", _(command.help))
    if command.short_help:
        put(command, "short_help", _(command.short_help))
    put(command, "options_metavar", _(OPTIONS_METAVAR))
    # Click makes the -h/--help option on first use, with its text in the language of that
    # run: set it again for this one.
    if command._help_option is not None:
        put(command._help_option, "help", _("Show this message and exit."))
    for param in command.params:
        _translate_param(param, put)
    if isinstance(command, click.Group):
        put(command, "subcommand_metavar", _(SUBCOMMAND_METAVAR))
        for subcommand in command.commands.values():
            _translate(subcommand, put)


def _translate_param(param: click.Parameter, put: Any) -> None:
    kind = param.type
    word = _type_word(kind)
    if word in TYPE_NAMES:
        # click names the type in its errors: "Directory 'x' does not exist.", "'x' is not a
        # valid integer."
        put(kind, "name", _(word))
    if isinstance(param, click.Argument):
        if param.metavar is not None:
            put(param, "metavar", _(param.metavar))
        elif not isinstance(kind, click.Choice):  # a choice shows its values: [course|quiz]
            metavar = _((param.name or "").upper())  # what click writes, brackets included
            metavar = metavar if param.required else f"[{metavar}]"
            put(param, "metavar", metavar if param.nargs == 1 else f"{metavar}...")
        return
    if not isinstance(param, click.Option):
        return
    if param.help:
        put(param, "help", _(param.help))
    if isinstance(param.prompt, str):
        put(param, "prompt", _(param.prompt))
    if param.metavar is not None:
        put(param, "metavar", _(param.metavar))
    elif not param.is_flag and word is not None:
        put(param, "metavar", _(TYPE_METAVARS[word]))


def _type_word(kind: click.ParamType[Any]) -> str | None:
    """The English name click gives the type (click.Path names itself through gettext when the
    decorator runs, so it is recomputed from the path's settings)."""
    if isinstance(kind, click.Path):
        if kind.file_okay and not kind.dir_okay:
            return "file"
        return "directory" if kind.dir_okay and not kind.file_okay else "path"
    return kind.name if kind.name in TYPE_METAVARS else None
