"""Unknown keys in an author's YAML, and what the author probably meant.

Three causes, in the order they are checked: a key of the mapping one level up, indented
too far (`explanation:` under the last option); a French name for a declared key (`durée`);
a misspelling (`corect`), found by difflib.
"""

from __future__ import annotations

import difflib

from engine.comparison import strip_accents
from engine.errors import Problem, error
from engine.fields import Shape
from engine.i18n import N_, _
from engine.schema import QUESTION_TYPES
from engine.sources import KeyPath, YamlDoc


def suggest(word: str, choices: list[str] | tuple[str, ...]) -> str | None:
    """A "did you mean" hint for a misspelt key or value, if one is close enough."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return _("did you mean `{word}`?").format(word=close[0]) if close else None


# French names authors type for declared keys, normalised (lower case, no accents, `_`),
# with the English keys they may mean, in order of likelihood: the first one the mapping
# declares is suggested.
FRENCH_KEYS: dict[str, tuple[str, ...]] = {
    "titre": ("title",),
    "intitule": ("title",),
    "duree": ("duration",),
    "public": ("audience",),
    "public_cible": ("audience",),
    "objectifs": ("objectives",),
    "objectif": ("objectives",),
    "auteurs": ("authors",),
    "auteur": ("authors",),
    "autrices": ("authors",),
    "licence": ("license",),
    "langue": ("language",),
    "mots_cles": ("tags",),
    "etiquettes": ("tags",),
    "odd": ("sdg",),
    "materiel": ("materials",),
    "taille_groupe": ("group_size",),
    "taille_du_groupe": ("group_size",),
    "elements": ("items",),
    "contenu": ("items",),
    "reponse": ("answer", "answers"),
    "reponses": ("answers", "answer"),
    "bonne": ("correct",),
    "bonne_reponse": ("correct", "answer"),
    "correcte": ("correct",),
    "vrai": ("correct",),
    "juste": ("correct",),
    "consigne": ("prompt",),
    "enonce": ("prompt",),
    "question": ("prompt",),
    "texte": ("text",),
    "choix": ("options",),
    "reponses_possibles": ("options",),
    "explication": ("explanation",),
    "commentaire": ("feedback",),
    "retour": ("feedback",),
    "score_min": ("min",),
    "profils": ("outcomes",),
    "resultats": ("outcomes",),
    "tentatives": ("max_attempts",),
    "seuil": ("pass_mark",),
    "seuil_de_reussite": ("pass_mark",),
    "note_de_passage": ("pass_mark",),
    "melanger": ("shuffle_options", "shuffle_questions"),
    "type_de_question": ("type",),
    "echelle": ("scale",),
    "affirmations": ("statements",),
    "paires": ("pairs",),
    "methode": ("method",),
    "deroule": ("instructions",),
    "consignes": ("instructions",),
    "vigilance": ("vigilance",),
}

_SHAPE_NAMES = {
    "course": N_("the course"),
    "module": N_("a module"),
    "quiz": N_("the quiz"),
    "lesson": N_("the lesson"),
    "outcome": N_("an outcome band"),
    "option": N_("an option"),
    "pair": N_("a pair"),
    "path": N_("a path"),
    "completion": N_("the completion settings"),
}


def _shape_name(shape: Shape) -> str:
    """What an author calls a mapping: a question of any type is a question."""
    if shape.name in QUESTION_TYPES:
        return _("a question")
    return _(_SHAPE_NAMES[shape.name]) if shape.name in _SHAPE_NAMES else shape.name


def unknown_key(
    doc: YamlDoc, path: KeyPath, key: str, shape: Shape, parent: Shape | None
) -> Problem:
    where = doc.pos(path, key=True)
    if parent is not None and key in parent.fields:
        return error(
            where,
            _("unknown key `{key}` here: it is a key of the level above ({parent})").format(
                key=key, parent=_shape_name(parent)
            ),
            _(
                "check its indentation: line it up with the keys of the level above "
                "({parent}), not with those of this level ({child})"
            ).format(parent=_shape_name(parent), child=_shape_name(shape)),
        )
    folded = strip_accents(key.strip().lower()).replace("-", "_").replace(" ", "_")
    english = next((k for k in FRENCH_KEYS.get(folded, ()) if k in shape.fields), None)
    hint = (
        _("did you mean `{word}`?").format(word=english)
        if english
        else suggest(key, tuple(shape.fields))
    )
    return error(
        where,
        _("unknown key `{key}`").format(key=key),
        hint or _("known keys: {keys}").format(keys=", ".join(shape.fields)),
    )
