"""Markdown rendering: safe HTML, callouts, facilitator blocks, links."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from engine.errors import SourcePos
from engine.rendering import (
    RenderContext,
    markdown,
    render_block,
    render_document,
    render_inline,
)


def ctx_for(tmp_path: Path, name: str = "lesson.md") -> RenderContext:
    return RenderContext(
        tmp_path / name, tmp_path, lambda line: SourcePos(tmp_path / name, line + 1, 1)
    )


def test_raw_html_is_shown_as_text_by_default(tmp_path: Path) -> None:
    doc = render_document("Hello <script>alert(1)</script> <b>bold</b>\n", ctx_for(tmp_path))
    assert doc.html == (
        "<p>Hello &lt;script&gt;alert(1)&lt;/script&gt; &lt;b&gt;bold&lt;/b&gt;</p>\n"
    )


def test_raw_html_is_kept_when_the_course_allows_it(tmp_path: Path) -> None:
    doc = render_document("Hello <b>bold</b>\n", ctx_for(tmp_path), allow_html=True)
    assert doc.html == "<p>Hello <b>bold</b></p>\n"


def test_attributes_cannot_add_event_handlers(tmp_path: Path) -> None:
    doc = render_document('{onclick="alert(1)" .wide}\nText\n', ctx_for(tmp_path))
    assert doc.html == '<p class="wide">Text</p>\n'


def test_facilitator_blocks_are_hidden_from_learners(tmp_path: Path) -> None:
    text = "# Title\n\nFor all.\n\n::: facilitator\nAsk the group first.\n:::\n\nEnd.\n"
    doc = render_document(text, ctx_for(tmp_path), drop_first_heading=True, language="en")
    assert doc.html == "<p>For all.</p>\n<p>End.</p>\n"
    assert doc.facilitator_html == (
        "<p>For all.</p>\n"
        '<aside class="callout callout-facilitator" aria-label="Facilitator"'
        ' data-kind="Facilitator">\n'
        "<p>Ask the group first.</p>\n</aside>\n<p>End.</p>\n"
    )
    assert doc.facilitator_notes == ("<p>Ask the group first.</p>\n",)
    assert doc.first_heading == "Title"


def test_callout_with_title(tmp_path: Path) -> None:
    doc = render_document("::: tip Bon à savoir\nTexte.\n:::\n", ctx_for(tmp_path))
    assert doc.html == (
        '<aside class="callout callout-tip" aria-label="Astuce : Bon à savoir">\n'
        '<p class="callout-title">Bon à savoir</p>\n<p>Texte.</p>\n</aside>\n'
    )


def landmark_names(html: str) -> list[str]:
    import re

    return re.findall(r'aria-label="([^"]*)"', html)


def test_callouts_of_a_page_get_unique_names(tmp_path: Path) -> None:
    """Four callouts named "Exemple" cannot be told apart in a screen reader's list of
    landmarks: the same name is numbered, a title names its callout."""
    text = (
        "::: example\nA\n:::\n\n::: example\nB\n:::\n\n::: example Le cas d'Awa\nC\n:::\n\n"
        "::: note\nN\n:::\n\n::: facilitator\n::: example\nD\n:::\n:::\n"
    )
    doc = render_document(text, ctx_for(tmp_path))
    # The learner's page counts only the callouts it shows.
    assert landmark_names(doc.html) == [
        "Exemple 1",
        "Exemple 2",
        "Exemple : Le cas d&#x27;Awa",
        "Note",
    ]
    assert landmark_names(doc.facilitator_html) == [
        "Exemple 1",
        "Exemple 2",
        "Exemple : Le cas d&#x27;Awa",
        "Note",
        "Notes d&#x27;animation",
        "Exemple 3",
    ]
    english = render_document("::: tip Good to know\nT\n:::\n", ctx_for(tmp_path), language="en")
    assert landmark_names(english.html) == ["Tip: Good to know"]


def test_tables_are_named_by_their_first_header(tmp_path: Path) -> None:
    """Each table's scrolling box is a tab stop: its name says which table it is."""
    text = (
        "| Sexe | Genre |\n|---|---|\n| a | b |\n\n"
        "| Rôle *social* | Exemple |\n|---|---|\n| c | d |\n\n"
        "| Rôle social | Autre |\n|---|---|\n| e | f |\n\n"
        "|  |  |\n|---|---|\n| g | h |\n"
    )
    doc = render_document(text, ctx_for(tmp_path))
    assert landmark_names(doc.html) == [
        "Tableau : Sexe",
        "Tableau : Rôle social 1",
        "Tableau : Rôle social 2",
        "Tableau",
    ]
    assert doc.html.count('<div class="table-scroll" tabindex="0" role="region"') == 4
    english = render_document(
        "| Sex | Gender |\n|---|---|\n| a | b |\n", ctx_for(tmp_path), language="en"
    )
    assert landmark_names(english.html) == ["Table: Sex"]


def test_links_to_lessons_become_pages_and_media_are_recorded(tmp_path: Path) -> None:
    (tmp_path / "media").mkdir()
    (tmp_path / "media" / "chart.svg").write_text("<svg/>")
    (tmp_path / "next.md").write_text("# Next")
    ctx = ctx_for(tmp_path)
    doc = render_document("[Suite](next.md#part) ![A chart](media/chart.svg)\n", ctx)
    assert doc.html == (
        '<p><a href="next.html#part">Suite</a> <img src="media/chart.svg" alt="A chart" /></p>\n'
    )
    assert ctx.files == {"media/chart.svg"}
    assert ctx.problems == []


def test_remote_images_are_refused(tmp_path: Path) -> None:
    ctx = ctx_for(tmp_path)
    render_document("Intro\n\n![logo](https://example.org/logo.png)\n", ctx)
    assert [p.format(tmp_path) for p in ctx.problems] == [
        "lesson.md:3:1: error: image from another site: https://example.org/logo.png "
        "(download it into the course's media/ folder and link it there: pages must not "
        "call other sites)"
    ]


def test_tables_footnotes_and_definition_lists(tmp_path: Path) -> None:
    text = "| a | b |\n|---|---|\n| 1 | 2 |\n\nTerm\n: Definition\n\nNote[^1]\n\n[^1]: Foot.\n"
    html = render_document(text, ctx_for(tmp_path)).html
    assert "<table>" in html and "<td>1</td>" in html
    assert "<dl>\n<dt>Term</dt>\n<dd>Definition</dd>\n</dl>" in html
    assert 'class="footnotes"' in html


def test_plain_texts_take_the_fast_path_unchanged() -> None:
    assert render_block("Quelle est la bonne réponse ?") == (
        "<p>Quelle est la bonne réponse ?</p>\n"
    )
    assert render_inline("Celle-ci") == "Celle-ci"
    assert render_inline("**gras**") == "<strong>gras</strong>"
    assert render_block("1. liste") == "<ol>\n<li>liste</li>\n</ol>\n"


@settings(max_examples=300)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40))
def test_fast_path_gives_what_markdown_it_gives(text: str) -> None:
    md = markdown(False)
    assert render_block(text) == md.render(text)
    if "\n" not in text and "\r" not in text:
        assert render_inline(text) == md.renderInline(text)
