"""The `liane` command speaks the author's language, all of it: our help texts, click's own
("Usage:", "Error:", "Show this message and exit."), the usage line's placeholders, the
comment `liane new` writes, and the message of a busy port (engine/cli_i18n.py).

Outputs are compared whole, in French (LANG=fr_FR.UTF-8, or LIANE_LANG=fr) and in English.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from babel.messages.pofile import read_po
from click.testing import CliRunner, Result

from engine.cli import main
from engine.cli_i18n import CLICK_PLURALS, CLICK_TEXTS
from engine.i18n import LOCALE_DIR

# The locale variables the test process may have, cleared so that only the chosen one counts.
NO_LANGUAGE: dict[str, str | None] = {
    name: None for name in ("LIANE_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
}
FRENCH = {**NO_LANGUAGE, "LANG": "fr_FR.UTF-8"}
ENGLISH = {**NO_LANGUAGE, "LANG": "en_GB.UTF-8"}


def liane(args: list[str], env: dict[str, str | None]) -> Result:
    return CliRunner().invoke(main, args, prog_name="liane", env={**env, "COLUMNS": "80"})


CHECK_HELP = {
    "fr": """\
Utilisation : liane check [OPTIONS] [DOSSIER]

  Vérifie les cours de DOSSIER (par défaut : courses/), ou un seul dossier de
  cours.

Options :
  --format [text|json]  text pour les personnes, json pour les outils
  -h, --help            Affiche cette aide et quitte.
""",
    "en": """\
Usage: liane check [OPTIONS] [DIRECTORY]

  Check the courses in DIRECTORY (default: courses/), or one course folder.

Options:
  --format [text|json]  text for people, json for tools
  -h, --help            Show this message and exit.
""",
}


@pytest.mark.parametrize(("language", "env"), [("fr", FRENCH), ("en", ENGLISH)])
def test_help_of_a_command(language: str, env: dict[str, str | None]) -> None:
    result = liane(["check", "--help"], env)
    assert result.exit_code == 0
    assert result.output == CHECK_HELP[language]


def test_the_group_help_in_french_through_liane_lang() -> None:
    """LIANE_LANG wins over LANG, for click's texts too."""
    result = liane(["--help"], {**ENGLISH, "LIANE_LANG": "fr"})
    assert result.exit_code == 0
    head, commands = result.output.split("Commandes :\n")
    assert head == (
        "Utilisation : liane [OPTIONS] COMMANDE [ARGUMENTS]...\n"
        "\n"
        "  Liane : des cours en Markdown et YAML pour un lecteur de formation, des\n"
        "  paquets SCORM et des kits d'atelier.\n"
        "\n"
        "Options :\n"
        "  --version   Affiche la version et quitte.\n"
        "  -h, --help  Affiche cette aide et quitte.\n"
        "\n"
    )
    listed = {line.split()[0]: line for line in commands.splitlines()}
    assert sorted(listed) == sorted(main.commands)
    assert listed["check"] == (
        "  check     Vérifie les cours de DOSSIER (par défaut : courses/), ou un..."
    )
    assert listed["export"] == "  export    Exporte un cours pour d'autres plateformes."


def test_every_help_text_has_its_french() -> None:
    """A command or option added with an English help and no French one would leave English
    in a French session: each has its translation in liane.po (`make messages`)."""
    with (LOCALE_DIR / "fr" / "LC_MESSAGES" / "liane.po").open("rb") as po:
        french = {m.id for m in read_po(po) if m.id and m.string and not m.fuzzy}
    missing = []
    stack: list[click.Command] = [main]
    while stack:
        command = stack.pop()
        texts = [command.help or ""]
        texts += [p.help or "" for p in command.params if isinstance(p, click.Option)]
        texts += [p.metavar or "" for p in command.params]
        missing += [text for text in texts if text and text not in french]
        if isinstance(command, click.Group):
            stack += command.commands.values()
    assert missing == []


def test_option_metavars_and_defaults_in_french() -> None:
    lines = liane(["export", "scorm", "--help"], FRENCH).output.splitlines()
    assert lines[0] == "Utilisation : liane export scorm [OPTIONS] DOSSIER_DU_COURS"
    assert "  --module ENTIER                 exporter le module N seul (à partir de 1)" in lines
    assert "  -o, --output FICHIER            le zip à écrire (par défaut : <id du" in lines
    assert "                                  (plateformes qui bloquent ensuite)  [par" in lines


BAD_OPTION = {
    "fr": """\
Utilisation : liane check [OPTIONS] [DOSSIER]
Essayez « liane check --help » pour l'aide.

Erreur : Option inconnue : '--formt'. Vouliez-vous dire '--format' ?
""",
    "en": """\
Usage: liane check [OPTIONS] [DIRECTORY]
Try 'liane check --help' for help.

Error: No such option '--formt'. Did you mean '--format'?
""",
}
MISSING_FOLDER = {
    "fr": """\
Utilisation : liane export scorm [OPTIONS] DOSSIER_DU_COURS
Essayez « liane export scorm --help » pour l'aide.

Erreur : Valeur invalide pour 'DOSSIER_DU_COURS' : Dossier 'cours-absent' introuvable.
""",
    "en": """\
Usage: liane export scorm [OPTIONS] COURSE_DIR
Try 'liane export scorm --help' for help.

Error: Invalid value for 'COURSE_DIR': Directory 'cours-absent' does not exist.
""",
}


@pytest.mark.parametrize(("language", "env"), [("fr", FRENCH), ("en", ENGLISH)])
def test_errors_of_usage(
    language: str, env: dict[str, str | None], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = liane(["check", "--formt", "json"], env)
    assert (result.exit_code, result.output) == (2, BAD_OPTION[language])
    result = liane(["export", "scorm", "cours-absent"], env)
    assert (result.exit_code, result.output) == (2, MISSING_FOLDER[language])


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        (
            FRENCH,
            "Erreur : Valeur invalide pour '--port' : 'cinq' n'est pas un nombre entier valide.",
        ),
        (ENGLISH, "Error: Invalid value for '--port': 'cinq' is not a valid integer."),
    ],
)
def test_a_bad_number(env: dict[str, str | None], expected: str) -> None:
    result = liane(["serve", "--port", "cinq"], env)
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == expected


def test_english_comes_back_after_a_french_run() -> None:
    """Each run translates for itself and puts the English back: objects click keeps (the
    help option, the types) do not stay in the language of a previous run."""
    liane(["check", "--help"], FRENCH)
    assert liane(["check", "--help"], ENGLISH).output == CHECK_HELP["en"]
    assert main.commands["check"].help == (
        "Check the courses in DIRECTORY (default: courses/), or one course folder."
    )
    assert click.INT.name == "integer"
    assert "LANGUAGE" not in os.environ


def test_the_real_command_follows_lang(tmp_path: Path) -> None:
    """Outside CliRunner: the installed entry point, LANG=fr_FR.UTF-8 as a French terminal."""
    env = {k: v for k, v in os.environ.items() if k not in NO_LANGUAGE}
    done = subprocess.run(
        [sys.executable, "-c", "from engine.cli import run; run()", "export", "kit", "absent"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**env, "LANG": "fr_FR.UTF-8"},
    )
    assert done.returncode == 2
    assert done.stderr.splitlines()[-1] == (
        "Erreur : Valeur invalide pour 'DOSSIER_DU_COURS' : Dossier 'absent' introuvable."
    )


@pytest.mark.parametrize(
    ("env", "comments"),
    [
        (
            FRENCH,
            [
                "# Description du cours ; chaque clé est expliquée dans le guide d'auteur",
                "# (docs/authoring.fr.md en français, docs/authoring.en.md en anglais).",
            ],
        ),
        (
            ENGLISH,
            [
                "# Description of the course; every key is explained in the author guide",
                "# (docs/authoring.fr.md in French, docs/authoring.en.md in English).",
            ],
        ),
    ],
)
def test_liane_new_comments_in_the_authors_language(
    env: dict[str, str | None], comments: list[str], tmp_path: Path
) -> None:
    result = liane(["new", "essai", "--dir", str(tmp_path)], env)
    assert result.exit_code == 0, result.output
    lines = (tmp_path / "essai" / "course.yml").read_text(encoding="utf-8").splitlines()
    assert lines[:2] == comments


@pytest.fixture
def busy_port() -> Iterator[int]:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        yield taken.getsockname()[1]


@pytest.mark.parametrize(
    ("env", "message"),
    [
        (
            FRENCH,
            "Erreur : le port {port} est déjà pris par un autre programme (un autre Liane ?) : "
            "arrêtez-le, ou choisissez un autre port, par exemple `liane serve --port 5001` ou "
            "`make run PORT=5001`\n",
        ),
        (
            ENGLISH,
            "Error: port {port} is already in use by another program (another Liane?): stop "
            "it, or choose another port, e.g. `liane serve --port 5001` or `make run "
            "PORT=5001`\n",
        ),
    ],
)
def test_a_busy_port_is_said_before_anything(
    env: dict[str, str | None], message: str, busy_port: int
) -> None:
    result = liane(["serve", "--port", str(busy_port)], env)
    assert result.exit_code == 1
    assert result.output == message.format(port=busy_port)  # no "Liane is running at"


def test_every_click_text_we_translate_is_still_clicks() -> None:
    """Click's texts are kept in our catalog by their English: one that click no longer
    writes would silently stay English. ("required" is given to gettext through a variable,
    so the sources are read as text.)"""
    sources = "".join(
        path.read_text(encoding="utf-8") for path in Path(click.__file__).parent.glob("*.py")
    )
    texts = [*CLICK_TEXTS, *(text for pair in CLICK_PLURALS for text in pair)]
    assert [text for text in texts if f'"{text}"' not in sources] == []
