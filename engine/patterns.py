"""Authors' regular expressions (short_answer `patterns`): refuse the syntax Python and
JavaScript read differently, since the player grades in Python and packages in the browser.
"""

from __future__ import annotations

import re

from engine.i18n import N_, _

# Regex syntax that Python and JavaScript read differently (or only one of them reads).
UNPORTABLE_REGEX = [
    (re.compile(r"\(\?P"), "(?P<name>...)"),
    (re.compile(r"\(\?[aiLmsux-]+[:)]"), N_("(?i) inline flags")),
    (re.compile(r"\(\?[>#]"), "(?>...) / (?#...)"),
    (re.compile(r"\\[AZzGwWbB]"), "\\A \\Z \\w \\W \\b \\B"),
    (re.compile(r"[*+?}]\+"), N_("possessive quantifiers")),
]
# JavaScript's `u` mode allows escapes of syntax characters and a few known letters only;
# Python quietly reads `\'` or `\é` as the character itself.
_UNPORTABLE_ESCAPE = re.compile(
    r"\\(?![\^$\\.*+?()\[\]{}|/dDsSnrtfv0-9]|x[0-9a-fA-F]{2}"
    r"|u[0-9a-fA-F]{4}|-(?=[^\[]*\]))(.)"
)
_CLASS = re.compile(r"\[(?:\\.|[^\]\\])*\]")
_QUANTIFIER = re.compile(r"\{\d+(?:,\d*)?\}")
_LONE_BRACKET = re.compile(r"(?<!\\)[{}\]]")


def regex_problem(pattern: str) -> tuple[str, str] | None:
    """(message, hint) saying why an author's pattern cannot be used, or None."""
    try:
        re.compile(pattern)
    except re.error as exc:
        return (
            _("invalid regular expression: {reason}").format(reason=exc),
            _(
                "check the brackets: every ( needs its ) and every [ its ]; write \\( "
                "for a bracket meant as text"
            ),
        )
    if re.search(r"\(\?[a-zA-Z-]*i[a-zA-Z-]*[:)]", pattern):
        return (
            _("this regular expression uses {what}, which browsers read differently").format(
                what="(?i)"
            ),
            _(
                "remove (?i): patterns already ignore case unless the question sets "
                "`case_sensitive: true`"
            ),
        )
    escape = _UNPORTABLE_ESCAPE.search(pattern)
    if escape:
        return (
            _("the escape `{escape}` is read differently by browsers").format(
                escape=escape.group(0)
            ),
            _(
                "write the character without a backslash; a backslash is only needed before "
                ". * + ? ( ) [ ] { } | ^ $ \\ /"
            ),
        )
    if _LONE_BRACKET.search(_QUANTIFIER.sub("", _CLASS.sub("", pattern))):
        return (
            _("a lone `{`, `}` or `]` is read differently by browsers"),
            _("write it with a backslash: \\{ \\} \\]"),
        )
    for bad, label in UNPORTABLE_REGEX:
        if bad.search(pattern):
            return (
                _("this regular expression uses {what}, which browsers read differently").format(
                    what=_(label)
                ),
                _(
                    "patterns must read the same in Python and JavaScript: use groups, "
                    "classes like [a-zà-ÿ] and quantifiers"
                ),
            )
    return None
