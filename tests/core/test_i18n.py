r"""French messages: the catalog covers every text of the code, `liane check` and the player
speak it.

The catalog is `engine/locale/fr/LC_MESSAGES/liane.po` (domain "liane"), compiled to
`liane.mo` next to it; `engine/locale/liane.pot` is its template. One catalog holds the
messages of the command line and the validator (engine/*.py, `engine.i18n._` with {name}
placeholders) and those of the player (engine/player/*.py through flask_babel, and the Jinja
templates of engine/player/templates/ and engine/templates/content/, with %(name)s
placeholders). When messages change, from the repository root:

    .venv/bin/pybabel extract -F babel.cfg -k _ -k N_ -k _l -k gettext -k lazy_gettext -k tr \
        --project=Liane -o engine/locale/liane.pot .
    .venv/bin/python tests/core/test_i18n.py    # adds the hint/doc texts of engine/schema.py
    .venv/bin/pybabel update -i engine/locale/liane.pot -d engine/locale -D liane -l fr \
        --ignore-obsolete
    # translate the empty and `#, fuzzy` entries of liane.po (and delete the fuzzy marks)
    .venv/bin/pybabel compile -d engine/locale -D liane --statistics
    .venv/bin/pytest tests/core/test_i18n.py

babel.cfg says where the texts are (python: engine/**.py; jinja2 with jinja2.ext.i18n:
engine/**/templates/**.html). The keywords are Babel's defaults (`_`, `gettext`, `N_`, ...)
and `_l` / `lazy_gettext` (flask_babel's lazy_gettext, engine/player/forms.py) and `tr` (the
translator that `import_members` in engine/player/commands.py takes as a parameter, so that
the web page can pass the reader's language). EXTRA_KEYWORDS below must match the command.

The second step exists because engine/schema.py declares some texts as data and translates
them at run time: the `hint` of a Field or Shape (shown as `_(spec.hint)`) and the `doc` of a
required key (the {doc} of "add `{key}:`: {doc}"). Babel only sees literal `_("...")` calls.

Keep the placeholders of each msgid as they are: {name} or %(name)s. Jinja's gettext formats
every template text with `%`, even one without placeholders: there a literal percent sign is
`%%` in the msgid and in its translation ("Score : %(s)s %%"), and a lone `%` breaks the page.
"""

from __future__ import annotations

import ast
import re
import string
from collections.abc import Callable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po, write_po
from click.testing import CliRunner

from engine import i18n, schema
from engine.cli import main
from engine.loader import load_library
from engine.templating import content_environment

ENGINE = Path(schema.__file__).resolve().parent
ROOT = ENGINE.parent
BABEL_CFG = ROOT / "babel.cfg"
SCHEMA_SOURCE = Path(schema.__file__).resolve()
POT = i18n.LOCALE_DIR / "liane.pot"
PO = i18n.LOCALE_DIR / "fr" / "LC_MESSAGES" / "liane.po"
MO = i18n.LOCALE_DIR / "fr" / "LC_MESSAGES" / "liane.mo"


# --- what must be translated ------------------------------------------------------------

# Babel's default keywords, plus these (the `-k` of the extract command in the docstring).
EXTRA_KEYWORDS = ("_l", "lazy_gettext", "tr")
KEYWORDS = {**DEFAULT_KEYWORDS, **dict.fromkeys(EXTRA_KEYWORDS)}


@lru_cache(maxsize=1)
def _extracted() -> tuple[tuple[tuple[str, str], ...], frozenset[str]]:
    """((msgid, "engine/path:line"), ...) for every literal message Babel finds with the
    mapping of babel.cfg, and the files it read."""
    with BABEL_CFG.open(encoding="utf-8") as f:
        method_map, options_map = parse_mapping_cfg(f, str(BABEL_CFG))
    read: set[str] = set()
    found: list[tuple[str, str]] = []
    for filename, lineno, message, _comments, _context in extract_from_dir(
        ROOT,
        method_map,
        options_map,
        keywords=KEYWORDS,
        callback=lambda filename, _method, _options: read.add(filename),
    ):
        where = f"{Path(filename).as_posix()}:{lineno}"
        # Plural forms (ngettext, e.g. click's texts in engine/cli_i18n.py): the catalog keys
        # them by their singular.
        found.append((message[0] if isinstance(message, tuple) else message, where))
    return tuple(found), frozenset(Path(name).as_posix() for name in read)


def literal_messages() -> dict[str, str]:
    """msgid -> where it is first, for every literal message Babel finds (see babel.cfg):
    `_("...")`, `_l("...")`, `tr("...")`... in engine/**.py and `{{ _('...') }}` in the
    templates."""
    found: dict[str, str] = {}
    for message, where in _extracted()[0]:
        found.setdefault(message, where)
    return found


def template_messages() -> set[str]:
    """The msgids used in a Jinja template (which formats them with `%`, see the docstring)."""
    return {message for message, where in _extracted()[0] if ".html:" in where}


def _walk_schema() -> Iterator[schema.Field | schema.Shape]:
    """Every Field and Shape reachable from the module engine/schema.py."""
    stack: list[object] = [
        value for name, value in vars(schema).items() if not name.startswith("__")
    ]
    seen: set[int] = set()
    while stack:
        obj = stack.pop()
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        if isinstance(obj, dict):
            stack += obj.values()
        elif isinstance(obj, list | tuple):
            stack += obj
        elif isinstance(obj, schema.Shape):
            yield obj
            stack += obj.fields.values()
        elif isinstance(obj, schema.Field):
            yield obj
            if obj.items is not None:
                stack.append(obj.items)


def declared_texts() -> dict[str, str]:
    """Texts engine/schema.py declares as data and shows to authors -> what they are.

    The `hint` of a Field or Shape is shown as `_(spec.hint)`; the `doc` of a required key
    without a hint is the {doc} of "add `{key}:`: {doc}".
    """
    texts: dict[str, str] = {}
    for spec in _walk_schema():
        if spec.hint:
            texts[spec.hint] = "a hint, shown as _(spec.hint)"
        if isinstance(spec, schema.Field) and spec.required and not spec.hint and spec.doc:
            texts.setdefault(
                spec.doc,
                'the doc of a required key, the {doc} of "add `{key}:`: '
                '{doc}" (lower-cased first letter)',
            )
    return texts


# Where texts are declared as data: the schema, and each question type's keys.
DECLARING_MODULES = [
    "engine.schema",
    *sorted(
        f"engine.questions.{path.stem}"
        for path in (ENGINE / "questions").glob("*.py")
        if path.stem != "__init__"
    ),
]


def hint_keywords_in_source() -> set[str]:
    """Every `hint=` string written in the modules that declare keys (engine/schema.py and
    engine/questions/*.py), read from their source."""
    import importlib

    hints: set[str] = set()
    for name in DECLARING_MODULES:
        module = importlib.import_module(name)
        tree = ast.parse(Path(str(module.__file__)).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            for keyword in node.keywords:
                if keyword.arg != "hint":
                    continue
                value = keyword.value
                if isinstance(value, ast.Name):  # a module constant, e.g. OPTIONS_HINT
                    hints.add(getattr(module, value.id))
                elif isinstance(value, ast.Constant) and isinstance(value.value, str):
                    hints.add(value.value)
                elif not (isinstance(value, ast.Constant) and value.value is None):
                    raise AssertionError(f"{name}:{value.lineno}: hint= is not a plain text")
    return hints


def read_catalog(path: Path) -> Catalog:
    with path.open("rb") as f:
        return read_mo(f) if path.suffix == ".mo" else read_po(f)


@pytest.fixture(scope="module")
def french() -> dict[str, str]:
    """msgid -> msgstr of the French .po (fuzzy entries count as untranslated); a plural
    entry gives its singular and its plural, each with its French form."""
    entries: dict[str, str] = {}
    for m in read_catalog(PO):
        if m.id:
            ids = m.id if isinstance(m.id, tuple) else (m.id,)
            strings = m.string if isinstance(m.string, tuple) else (m.string,)
            # French has two forms, as English: singular with singular, plural with plural
            forms = zip(ids, strings, strict=True)
            entries.update((msgid, "" if m.fuzzy else msgstr) for msgid, msgstr in forms)
    return entries


# --- the catalog ------------------------------------------------------------------------


def test_extraction_reads_every_source_and_template() -> None:
    sources = {
        p.relative_to(ROOT).as_posix()
        for p in ENGINE.rglob("*")
        if p.suffix == ".py" or (p.suffix == ".html" and "templates" in p.parts)
    }
    assert sources - _extracted()[1] == set(), "babel.cfg misses these files"
    kinds = {where.split(":")[0].rsplit(".", 1)[-1] for where in literal_messages().values()}
    assert kinds == {"py", "html"}
    assert "Catalog" in template_messages()  # engine/player/templates/base.html


def test_every_literal_message_is_translated(french: dict[str, str]) -> None:
    messages = literal_messages()
    assert len(messages) > 100
    missing = [f"{where}: {msgid!r}" for msgid, where in messages.items() if not french.get(msgid)]
    assert not missing, "untranslated (see this module's docstring):\n" + "\n".join(missing)


def test_every_declared_schema_text_is_translated(french: dict[str, str]) -> None:
    texts = declared_texts()
    assert hint_keywords_in_source() <= set(texts), "a declared hint= is not found"
    missing = [
        f"engine/schema.py ({what}): {text!r}"
        for text, what in texts.items()
        if not french.get(text)
    ]
    assert not missing, "untranslated (see this module's docstring):\n" + "\n".join(missing)


def test_the_template_and_the_french_catalog_agree(french: dict[str, str]) -> None:
    template = {m.id[0] if isinstance(m.id, tuple) else m.id for m in read_catalog(POT) if m.id}
    assert set(literal_messages()) | set(declared_texts()) <= template, (
        "liane.pot is out of date: extract again (see this module's docstring)"
    )
    assert template <= set(french), "run `pybabel update` (see this module's docstring)"
    assert not [m.id for m in read_catalog(PO) if m.id and m.fuzzy], "fuzzy entries left"


def test_the_compiled_catalog_matches_the_po() -> None:
    # Keyed with the context too: "Facilitator" is a role (msgctxt "role") and the title of
    # facilitator notes, each with its own translation.
    # A plural entry's id and forms are a tuple in the .po, a list in the .mo.
    def both(text: Any) -> Any:
        return tuple(text) if isinstance(text, list | tuple) else text

    po = {
        (m.context, both(m.id)): both(m.string)
        for m in read_catalog(PO)
        if m.id and m.string and not m.fuzzy
    }
    mo = {(m.context, both(m.id)): both(m.string) for m in read_catalog(MO) if m.id}
    assert mo == po, "liane.mo is stale: run `pybabel compile -d engine/locale -D liane`"


FIELD_NAME = re.compile(r"\w*(\.\w+|\[\w+\])*")  # `{}`, `{key}`, `{error.line}`; not `{ }`


def placeholders(text: str) -> set[str]:
    """`{name}`, `{name:02x}` and `%(name)s` fields of a message. Braces around anything else
    are text (regex help: "a lone `{`, `}` or `]`", "\\{ \\}")."""
    fields = {"%" + m for m in re.findall(r"%(\(\w+\)[a-z]|[sdifr])", text)}
    try:
        parsed = [
            (name, spec, conversion)
            for _literal, name, spec, conversion in string.Formatter().parse(text)
        ]
    except ValueError:  # a lone `{` or `}`: such a text is not given to str.format
        parsed = [
            (name, spec, conversion)
            for name, conversion, spec in re.findall(r"\{(\w*)(?:!(\w))?(?::([^{}]*))?\}", text)
        ]
    for name, spec, conversion in parsed:
        if name is not None and FIELD_NAME.fullmatch(name):
            fields.add(
                "{"
                + name
                + (f"!{conversion}" if conversion else "")
                + (f":{spec}" if spec else "")
                + "}"
            )
    return fields


def test_translations_keep_the_placeholders(french: dict[str, str]) -> None:
    wrong = [
        f"{msgid!r} -> {msgstr!r}"
        for msgid, msgstr in french.items()
        if msgstr and placeholders(msgstr) != placeholders(msgid)
    ]
    assert not wrong, "\n".join(wrong)


def test_placeholders_are_read_right() -> None:
    assert placeholders("the file is not valid UTF-8 (byte 0x{byte:02x})") == {"{byte:02x}"}
    assert placeholders("empty alternative in [[{inner}]]") == {"{inner}"}
    assert placeholders("Welcome, %(name)s!") == {"%(name)s"}
    assert placeholders("Score: %(s)s %%") == {"%(s)s"}
    assert placeholders("0.8 signifie 80 %") == set()
    assert placeholders("a lone `{`, `}` or `]` is read differently by browsers") == set()
    assert placeholders("write it with a backslash: \\{ \\} \\]") == set()
    assert placeholders("`{key}` is empty; a lone `}` is text") == {"{key}"}


def lone_percent(text: str) -> bool:
    """A `%` that is neither `%%` nor a `%(name)s` placeholder: `text % values` fails."""
    return "%" in re.sub(r"%%|%\(\w+\)[a-z]", "", text)


def percent_formatted(msgid: str, in_templates: set[str]) -> bool:
    """Formatted with `%`: any template text (Jinja's newstyle gettext), and a Python text
    with %(name)s placeholders (flask_babel's gettext, given the variables)."""
    return msgid in in_templates or bool(re.search(r"%\(\w+\)[a-z]|%%", msgid))


def test_percent_signs_are_doubled_where_texts_are_formatted(french: dict[str, str]) -> None:
    in_templates = template_messages()
    assert not [m for m in in_templates if lone_percent(m)], "write a literal % as %%"
    wrong = [
        f"{msgid!r} -> {msgstr!r}"
        for msgid, msgstr in french.items()
        if msgstr
        and percent_formatted(msgid, in_templates)
        and (lone_percent(msgstr) or msgstr.count("%%") != msgid.count("%%"))
    ]
    assert not wrong, "a literal % is written %% in these texts:\n" + "\n".join(wrong)


def test_percent_signs_are_read_right() -> None:
    assert not lone_percent("Score : %(s)s %% (%(n)s/%(total)s)")
    assert lone_percent("Score : %(s)s %")
    assert lone_percent("Apprenant·es par tranche de score (en %)")
    assert not lone_percent("0.8 signifie 80 {unit}")


def test_content_partials_are_in_the_course_language() -> None:
    # What the exporters use; in the player Flask-Babel installs the same catalog.
    template = content_environment("fr").from_string(
        "{{ _('True') }} | {{ _('At least %(n)s words.', n=3) }} | "
        "{{ _('Partly right (%(pct)s %%)', pct=50) }}"
    )
    assert template.render() == "Vrai | Au moins 3 mots. | Réponse en partie juste (50 %)"


def test_the_docstring_command_has_the_keywords() -> None:
    assert __doc__ is not None
    command = __doc__.split("pybabel extract", 1)[1].split("--project", 1)[0]
    assert set(re.findall(r"-k (\w+)", command)) == {"_", "N_", "gettext", *EXTRA_KEYWORDS}


# --- what authors see -------------------------------------------------------------------

QUIZ = """
title: Quiz
questions:
  - type: single_choice
    prompt: De quelle couleur est le ciel ?
    options:
      - text: Bleu
        corect: true
      - text: Vert
"""

UNKNOWN_KEY_FR = "quiz.yml:7:9: error: clé inconnue `corect` (vouliez-vous dire `correct` ?)"


@pytest.fixture
def in_french(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("LIANE_LANG", "fr")
    i18n._translations.cache_clear()
    yield
    i18n._translations.cache_clear()


@pytest.mark.usefixtures("in_french")
def test_problems_are_in_french(make_course: Callable[..., Path]) -> None:
    course = make_course({"quiz.yml": QUIZ})
    library, problems = load_library(course)
    assert library is None
    # The severity ("error", "warning") is not translated: editors read that word.
    assert [p.format(course) for p in problems] == [UNKNOWN_KEY_FR]


@pytest.mark.usefixtures("in_french")
def test_schema_hints_are_in_french(make_course: Callable[..., Path]) -> None:
    course = make_course({"quiz.yml": "title: Quiz\npass_mark: 80\nquestions: []\n"})
    _library, problems = load_library(course)
    assert [p.format(course) for p in problems] == [
        "quiz.yml:2:12: error: 80 est hors limites : la valeur doit être comprise entre 0 et 1 "
        "(`pass_mark` est la part des points nécessaire pour réussir : 0.8 signifie 80 %)",
        "quiz.yml:3:12: error: la liste est vide",
    ]


@pytest.mark.usefixtures("in_french")
def test_check_command_in_french(
    make_course: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(make_course({"quiz.yml": QUIZ}))
    result = CliRunner().invoke(main, ["check", "."])
    assert result.exit_code == 1
    assert result.output.splitlines() == [UNKNOWN_KEY_FR, "1 erreur(s), 0 avertissement(s)"]

    monkeypatch.chdir(make_course({"quiz.yml": QUIZ.replace("corect", "correct")}, "fixed"))
    result = CliRunner().invoke(main, ["check", "."])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "1 cours, 0 leçon(s), 1 quiz : aucune erreur, 0 avertissement(s)"
    ]


def test_language_comes_from_lang_without_liane_lang(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("LIANE_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    assert i18n._("unknown key `{key}`") == "clé inconnue `{key}`"
    monkeypatch.setenv("LIANE_LANG", "en")
    assert i18n._("unknown key `{key}`") == "unknown key `{key}`"


# --- updating the template --------------------------------------------------------------


def add_declared_texts(pot: Path = POT) -> None:
    """Add the texts of `declared_texts()` to the template Babel extracted."""
    tree = ast.parse(SCHEMA_SOURCE.read_text(encoding="utf-8"))
    lines: dict[str, int] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            lines[node.value] = min(node.lineno, lines.get(node.value, node.lineno))
    catalog = read_catalog(pot)
    for text, what in declared_texts().items():
        catalog.add(
            text,
            locations=[("engine/schema.py", lines.get(text, 0))],
            auto_comments=[f"engine/schema.py: {what}"],
        )
    with pot.open("wb") as f:
        write_po(f, catalog, sort_by_file=True)


if __name__ == "__main__":
    add_declared_texts()
    print(f"added {len(declared_texts())} texts of engine/schema.py to {POT}")
