"""The user's cache folder, and the lessons and quizzes kept in it between commands.

A `liane export` or `liane check` is a new process each time: before this cache, every
command parsed every lesson again, though authors edit one or two between commands (the
markdown-it-py parse of a 100-lesson course cost more than the SCORM export itself,
docs/performance.md, "CLI start-up"). Compiled templates (engine/templating.py) and loaded
lessons and quizzes live under one folder, LIANE_CACHE_DIR, else $XDG_CACHE_HOME/liane, else
~/.cache/liane, each in a subfolder of its own.

A lesson's or a quiz's entry is reused only when everything its load read is unchanged, so
a stale result cannot be served (what follows says "lesson" for both):

- the lesson's text, and where it stands: its path (as given and absolute), the course
  folder, its item id (problems and the lesson carry them);
- the course's language (callout and table labels) and the messages' language (problems are
  translated when they are made, `engine.i18n.current_language`), and `allow_html`;
- the code that loads it: `engine_fingerprint`, the names, sizes and modification times of
  every file of the engine package and of the libraries that parse and render lessons;
- what the lesson's links and images found on disk (`target_state`): for each local path
  they name, where it resolves (symbolic links followed), whether it is a file, and for a
  missing one the names of its folder's files (the "did you mean" hint). The link check
  (engine/links.py) reads nothing else: no image's size or content, no other folder's
  listing. These are checked again on every hit, so a deleted or added file, or a changed
  symbolic link, gives a fresh load.

Entries are pickles, written only by this module into a folder that only the user can write
(`cache_folder` refuses any other), read only once their checks hold; a file that does not
unpickle (cut short, corrupted, older format) is ignored and replaced. An entry is named
after the item's kind, place and languages, not its text, so an edited lesson replaces its
entry instead of adding one: the folder holds one entry per lesson or quiz and language.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import pickle
import stat
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

from engine.i18n import current_language
from engine.sources import read_text

if TYPE_CHECKING:
    from engine.errors import Problem
    from engine.model import Lesson, Quiz

# Changed whenever the entries' layout changes, so older entries are never unpickled.
FORMAT = 2
ENGINE = Path(__file__).parent
# The libraries a lesson's load runs besides the engine (markdown-it-py and its URL
# normaliser, its plugins, PyYAML with libyaml): their code shapes the result as much as
# ours. tests/core/test_lesson_cache.py checks this list against what loading imports.
PARSERS = ("markdown_it", "mdit_py_plugins", "mdurl", "yaml")

# A load's result: the lesson or quiz (None when it has errors) and the problems found.
Result = TypeVar("Result", bound="tuple[Lesson | Quiz | str | None, list[Problem]]")
# How a lesson or quiz is loaded: (path, course_root, item_id, text, targets, allow_html,
# language) -> result.
Loader = Callable[[Path, Path, str, str, set[str], bool, str], Result]
TargetState = tuple[str, str, bool, tuple[str, ...] | None]
DiskState = tuple[str, tuple[TargetState, ...]]


def cache_folder(name: str) -> Path | None:
    """The subfolder `name` of the user's cache folder, made if needed (mode 700); None
    when it cannot be made or written, or when another user could put files into it (its
    entries are loaded as code: compiled templates, pickled lessons). Without it, callers
    do their work from scratch each time, as if there were no cache."""
    base = os.environ.get("LIANE_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "liane"
    )
    folder = os.path.join(base, name)
    try:
        os.makedirs(base, mode=0o700, exist_ok=True)
        os.makedirs(folder, mode=0o700, exist_ok=True)
        safe = _private(os.stat(folder)) and _not_swappable(os.stat(base))
    except OSError:
        return None
    if not safe or not os.access(folder, os.W_OK | os.X_OK):
        return None
    return Path(folder)


def _private(info: os.stat_result) -> bool:
    """Whether the folder is this user's and nobody else can write into it (what Jinja asks
    of its own default cache folder)."""
    if not hasattr(os, "getuid"):  # Windows: a profile's folders are the user's own
        return True
    return info.st_uid == os.getuid() and not info.st_mode & 0o022


def _not_swappable(info: os.stat_result) -> bool:
    """Whether other users are unable to rename the private folder inside it and put their
    own in its place: the parent is not writable by all, or has the sticky bit (/tmp).
    Group write is accepted: with the user-private groups of Debian and Ubuntu (umask 002),
    the group is the user alone."""
    if not hasattr(os, "getuid"):
        return True
    return not info.st_mode & stat.S_IWOTH or bool(info.st_mode & stat.S_ISVTX)


@lru_cache(maxsize=1)
def engine_fingerprint() -> str:
    """A digest of the code that loads lessons: the name, size and modification time of
    every file of the engine package (code, templates, translation catalogs) and of the
    `PARSERS` libraries, with Python's version.

    Times and sizes rather than contents: Python itself decides from a source file's time and
    size whether its compiled bytecode is stale, so an entry is reused only while the
    interpreter would run the very code that made it; an upgrade, a `git pull` or an edit in
    a checkout changes them. Reading the files' stats costs about a millisecond per process;
    hashing their contents would cost several.
    """
    return code_fingerprint([("engine", str(ENGINE))], PARSERS)


def code_fingerprint(folders: Iterable[tuple[str, str]], modules: Iterable[str]) -> str:
    """The digest of `folders` ((name, path) pairs) and of the installed `modules`' files:
    names, sizes and modification times, with Python's version (see engine_fingerprint)."""
    digest = hashlib.sha256(repr((FORMAT, sys.version)).encode())
    places = list(folders)
    for module in modules:
        spec = importlib.util.find_spec(module)
        locations = list(spec.submodule_search_locations or ()) if spec else []
        places += [(module, location) for location in locations]
        if spec and not locations:  # a single-file module
            places.append((module, spec.origin or ""))
    for name, folder in places:
        digest.update(f"\0{name}".encode())
        for entry in _files(folder):
            digest.update(repr(entry).encode())
    return digest.hexdigest()


def _files(folder: str, prefix: str = "") -> list[tuple[str, int, int]]:
    """(relative name, size, modification time in ns) of every file under `folder`, its
    compiled bytecode (__pycache__) left out; a file given alone is listed by itself."""
    found: list[tuple[str, int, int]] = []
    try:
        if not os.path.isdir(folder):
            info = os.stat(folder)
            return [(prefix + os.path.basename(folder), info.st_size, info.st_mtime_ns)]
        with os.scandir(folder) as entries:
            for entry in sorted(entries, key=lambda e: e.name):
                if entry.is_dir(follow_symlinks=False):
                    if entry.name != "__pycache__":
                        found += _files(entry.path, f"{prefix}{entry.name}/")
                else:
                    info = entry.stat()
                    found.append((prefix + entry.name, info.st_size, info.st_mtime_ns))
    except OSError as exc:  # unreadable: part of the fingerprint, never a crash
        found.append((prefix, -1, exc.errno or 0))
    return found


def target_state(lesson_dir: Path, targets: Iterable[str]) -> tuple[TargetState, ...]:
    """What the link check (engine/links.py `_check_target`) reads on disk for the local
    paths a lesson's links and images name, relative to its folder: where each resolves,
    whether it is a file, and when it is not, the names its folder holds (the hint). Raises
    OSError when the disk cannot be read (the entry is then neither used nor written)."""
    state: list[TargetState] = []
    for target in sorted(targets):
        resolved = (lesson_dir / target).resolve()
        is_file = resolved.is_file()
        siblings = None
        if not is_file and resolved.parent.is_dir():
            siblings = tuple(sorted(p.name for p in resolved.parent.iterdir()))
        state.append((target, str(resolved), is_file, siblings))
    return tuple(state)


@dataclass(frozen=True)
class Entry(Generic[Result]):
    """One lesson's or quiz's place in the cache: `load` gives its earlier result when still
    valid, `save` keeps a fresh one."""

    file: Path
    check: str  # digest of the lesson's text, its place, its languages and the code
    lesson_dir: Path
    course_root: Path

    def load(self) -> Result | None:
        """The stored result, when it was made from the same text, place, languages and
        code, and the disk still shows what its links and images found; else None."""
        try:
            stored = pickle.loads(self.file.read_bytes())
            form, check, state, payload = stored
            if form != FORMAT or check != self.check:
                return None
            if state != self.disk_state(target for target, *_rest in state[1]):
                return None
            lesson, problems = pickle.loads(payload)
        except Exception:  # missing, unreadable, cut short, corrupted: a fresh load
            return None
        return cast(Result, (lesson, list(problems)))  # as `save` was given it

    def save(self, result: Result, targets: Iterable[str]) -> None:
        try:
            state = self.disk_state(targets)
            data = pickle.dumps(
                (FORMAT, self.check, state, pickle.dumps(result, pickle.HIGHEST_PROTOCOL)),
                pickle.HIGHEST_PROTOCOL,
            )
        except Exception:  # an item that cannot be kept is parsed again next time, no more
            return
        _write(self.file, data)

    def disk_state(self, targets: Iterable[str]) -> DiskState:
        """What the load read on disk besides the item's file: the course folder's resolution
        (links are checked to stay inside it) and the state of `targets`."""
        return str(self.course_root.resolve()), target_state(self.lesson_dir, targets)


def cached_load(
    kind: str,
    path: Path,
    course_root: Path,
    item_id: str,
    load: Loader[Result],
    *,
    allow_html: bool,
    language: str,
) -> Result | tuple[None, list[Problem]]:
    """The lesson or quiz of the file `path` and its problems, as `load(path, course_root,
    item_id, text, targets, allow_html, language)` gives them: taken from the cache while
    still valid, else made and kept (`kind` names the loader: "lesson", "quiz"). `load` puts
    into `targets` the local paths its links and images name, whose state on disk the result
    depends on. Without a cache folder, `load` runs each time."""
    text, problems = read_text(path)
    if text is None:
        return None, problems
    entry: Entry[Result] | None = _entry(
        kind, path, course_root, item_id, text, allow_html, language
    )
    return _through(
        entry,
        lambda targets: load(path, course_root, item_id, text, targets, allow_html, language),
    )


def rendered(
    path: Path, course_root: Path, text: str, language: str, render: Callable[[str], str]
) -> str:
    """`render(text)`, kept in the cache for a text rendered without a context (no link to
    check, no problem to report: the course's description in course.yml). Without it, a
    command whose lessons and quizzes all come from the cache would still import and run
    markdown-it-py for this one text. Its entry is named after `path` and keyed, like a
    lesson's, on the text, the languages and the code."""
    entry = _entry("rendered", path, course_root, "", text, False, language)
    html: str = _through(entry, lambda _targets: (render(text), []))[0]
    return html


def fragment(name: str, inputs: object, code: str, render: Callable[[], str]) -> str:
    """`render()`, HTML made from plain data only, kept between commands: a SCORM export
    renders each quiz's questions through the content macros, about 1 ms a question, the
    largest part of a cold export once lessons and quizzes come from the cache.

    Reused only while the same `inputs` (plain data: strings, numbers, lists and dicts,
    whose repr is the key: everything the rendering reads) are rendered by the same code:
    `code` is the caller's fingerprint (`code_fingerprint` of its templates and of Jinja's
    and MarkupSafe's files), added to the engine's (its templates and translation catalogs
    included). `name` names the entry (a quiz of a course), so an edited quiz replaces its
    entry. Entries are text, never unpickled; without a cache folder, `render()` each time."""
    folder = _fragments_folder()
    if folder is None:
        return render()
    check = hashlib.sha256(
        "\0".join((str(FORMAT), engine_fingerprint(), code, repr(inputs))).encode()
    ).hexdigest()
    file = folder / (hashlib.sha256(name.encode()).hexdigest()[:40] + ".html")
    try:
        stored, _newline, html = file.read_text(encoding="utf-8").partition("\n")
        if stored == check:
            return html
    except (OSError, UnicodeError):  # missing or unreadable: rendered again
        pass
    html = render()
    _write(file, f"{check}\n{html}".encode())
    return html


def _write(file: Path, data: bytes) -> None:
    """`data` into `file`, whole or not at all (a temporary file renamed), for concurrent
    readers; a cache that cannot be written is no error."""
    import tempfile  # only when something is written: 3 ms that a hit does not pay

    try:
        handle, temporary = tempfile.mkstemp(dir=file.parent, prefix=".", suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, file)
    except OSError:
        Path(temporary).unlink(missing_ok=True)


@lru_cache(maxsize=4)
def _fragments_for(environment: tuple[str | None, ...]) -> Path | None:
    return cache_folder("fragments")


def _fragments_folder() -> Path | None:
    return _fragments_for(
        tuple(os.environ.get(name) for name in ("LIANE_CACHE_DIR", "XDG_CACHE_HOME", "HOME"))
    )


def _through(entry: Entry[Result] | None, load: Callable[[set[str]], Result]) -> Result:
    """The entry's result while valid, else `load(targets)`'s, then kept in the entry."""
    if entry is not None and (cached := entry.load()) is not None:
        return cached
    targets: set[str] = set()
    result = load(targets)
    if entry is not None:
        entry.save(result, targets)
    return result


def _entry(
    kind: str,
    path: Path,
    course_root: Path,
    item_id: str,
    text: str,
    allow_html: bool,
    language: str,
) -> Entry[Any] | None:
    """The entry of an item of `kind` (its loader: a lesson and a quiz never share one)."""
    folder = _lessons_folder()
    if folder is None:
        return None
    place = repr(
        (
            kind,
            str(path),
            os.path.abspath(path),
            str(course_root),
            os.path.abspath(course_root),
            item_id,
            allow_html,
            language,
            current_language(),
        )
    )
    name = hashlib.sha256(place.encode()).hexdigest()[:40]
    check = hashlib.sha256(
        "\0".join((str(FORMAT), engine_fingerprint(), place, text)).encode()
    ).hexdigest()
    return Entry(folder / f"{name}.pickle", check, path.parent, course_root)


@lru_cache(maxsize=4)
def _folder_for(environment: tuple[str | None, ...]) -> Path | None:
    return cache_folder("lessons")


def _lessons_folder() -> Path | None:
    """The lessons' folder, looked up once per process and cache setting (a load calls
    this for each lesson; tests change the setting between loads)."""
    return _folder_for(
        tuple(os.environ.get(name) for name in ("LIANE_CACHE_DIR", "XDG_CACHE_HOME", "HOME"))
    )
