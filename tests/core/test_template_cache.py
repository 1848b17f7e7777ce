"""The exporters' templates are compiled once per machine (engine/templating.py
bytecode_cache): a second command loads them compiled, an edited template is compiled again,
and without a writable cache folder everything still renders."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import jinja2
import pytest

from engine import templating


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "cache"
    monkeypatch.setenv("LIANE_CACHE_DIR", str(folder))
    templating.content_environment.cache_clear()  # environments made with another cache
    yield folder / "templates"
    templating.content_environment.cache_clear()


@pytest.fixture
def compiled(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the templates Jinja compiles from their source."""
    names: list[str] = []
    compile_source = jinja2.Environment.compile

    def spy(self: jinja2.Environment, source: str, name: str | None = None, *a: object) -> object:
        names.append(name or "")
        return compile_source(self, source, name, *a)  # type: ignore[call-overload]

    monkeypatch.setattr(jinja2.Environment, "compile", spy)
    return names


def fresh(extra: Path) -> jinja2.Environment:
    """An environment as a new `liane export` process makes it."""
    templating.content_environment.cache_clear()
    return templating.content_environment("fr", (extra,))


def test_a_second_command_loads_the_compiled_template(
    cache: Path, compiled: list[str], tmp_path: Path
) -> None:
    (tmp_path / "page.html").write_text("{{ _('Score') }} : {{ n }}", encoding="utf-8")
    assert fresh(tmp_path).get_template("page.html").render(n=3) == "Score : 3"
    assert compiled == ["page.html"]
    (entry,) = cache.iterdir()
    assert entry.name.endswith(".cache") and entry.name.count("-") == 1  # fingerprint-key
    assert fresh(tmp_path).get_template("page.html").render(n=4) == "Score : 4"
    assert compiled == ["page.html"]  # not compiled again


def test_an_edited_template_is_compiled_again(
    cache: Path, compiled: list[str], tmp_path: Path
) -> None:
    page = tmp_path / "page.html"
    page.write_text("before {{ n }}", encoding="utf-8")
    assert fresh(tmp_path).get_template("page.html").render(n=1) == "before 1"
    page.write_text("after {{ n }}", encoding="utf-8")
    assert fresh(tmp_path).get_template("page.html").render(n=1) == "after 1"
    assert compiled == ["page.html", "page.html"]


def test_another_jinja_never_reads_the_entry(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "page.html").write_text("{{ n }}", encoding="utf-8")
    fresh(tmp_path).get_template("page.html")
    monkeypatch.setattr(jinja2, "__version__", "0.0-other")
    fresh(tmp_path).get_template("page.html")
    prefixes = {entry.name.split("-")[0] for entry in cache.iterdir()}
    assert len(prefixes) == 2


def test_without_a_writable_cache_folder_templates_still_render(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("LIANE_CACHE_DIR", str(blocker))  # its templates/ cannot be made
    (tmp_path / "page.html").write_text("ok {{ n }}", encoding="utf-8")
    env = fresh(tmp_path)
    assert env.bytecode_cache is None
    assert env.get_template("page.html").render(n=1) == "ok 1"
    templating.content_environment.cache_clear()


def test_a_cache_folder_removed_while_the_process_runs_is_no_error(
    cache: Path, tmp_path: Path
) -> None:
    """The environment lives as long as the process; its folder may not (a temporary folder
    cleaned up, a cache emptied by hand): templates are then compiled, not written."""
    import shutil

    (tmp_path / "page.html").write_text("{{ n }} %", encoding="utf-8")
    env = fresh(tmp_path)
    assert env.get_template("page.html").render(n=1) == "1 %"
    shutil.rmtree(cache.parent)
    (tmp_path / "other.html").write_text("{{ n }} !", encoding="utf-8")
    assert env.get_template("other.html").render(n=2) == "2 !"
