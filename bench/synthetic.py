"""A synthetic course of any size, shaped like the real ones, for benchmarks.

Lessons are about 1.5 KB of French Markdown (headings, lists, a table, emphasis, a callout);
quizzes have 10 questions cycling through every question type.
"""

from __future__ import annotations

from pathlib import Path

PARAGRAPH = (
    "Les rapports de genre structurent l'accès aux ressources : la terre, le crédit, "
    "l'eau, le temps. Un projet qui les ignore risque de **renforcer les inégalités** "
    "qu'il prétend réduire. Le diagnostic genre interroge *qui fait quoi*, qui décide, "
    "qui bénéficie.\n\n"
)
LESSON = (
    "# Leçon {n} : diagnostic et données\n\n" + PARAGRAPH + "## Les questions à poser\n\n"
    "- Qui participe aux réunions du comité de l'eau ?\n"
    "- Qui contrôle les revenus de la coopérative ?\n"
    "- Quelles contraintes de temps pèsent sur les femmes ?\n\n"
    "| Indicateur | Femmes | Hommes |\n|---|---|---|\n| Membres du comité | 3 | 9 |\n"
    "| Heures de corvée d'eau | 14 | 2 |\n\n"
    "::: note À retenir\nVentiler les données par sexe est un minimum, pas une analyse.\n:::\n\n"
    + PARAGRAPH
    + PARAGRAPH
    + "1. Collecter\n2. Analyser\n3. Restituer aux personnes concernées\n"
)

QUESTIONS = [
    """  - type: single_choice
    prompt: Quel marqueur pour un projet dont l'égalité est l'objectif **principal** ?
    options:
      - text: G0
      - text: G1
      - text: G2
        correct: true
        feedback: Oui, le marqueur 2 désigne l'objectif principal.
      - text: Aucun
    explanation: Le marqueur du CAD distingue 0, 1 et 2 selon la place de l'égalité.
""",
    """  - type: multiple_choice
    prompt: Quelles données sont ventilées par sexe ?
    options:
      - text: Nombre de bénéficiaires femmes et hommes
        correct: true
      - text: Budget total
      - text: Taux de participation par sexe
        correct: true
      - text: Date du projet
    explanation: Une donnée ventilée distingue les femmes et les hommes.
""",
    """  - type: true_false
    prompt: Le genre désigne une construction sociale.
    answer: true
    feedback_true: Exact.
    feedback_false: Non, le genre est social.
""",
    """  - type: short_answer
    prompt: Quel est le numéro de l'ODD sur l'égalité entre les sexes ?
    answers: ["5", "cinq", "ODD 5"]
    ignore_accents: true
""",
    """  - type: numeric
    prompt: Quelle part des terres agricoles les femmes possèdent-elles (en %) ?
    answer: 15
    tolerance: 5
    explanation: Les estimations varient, autour de 10 à 20 %.
""",
    """  - type: matching
    prompt: Associez chaque notion à sa définition.
    pairs:
      - {left: Sexe, right: Caractéristiques biologiques}
      - {left: Genre, right: Rôles socialement construits}
      - {left: Intersectionnalité, right: Croisement des discriminations}
    distractors: [Une norme ISO]
""",
    """  - type: ordering
    prompt: Remettez les étapes du cycle de projet dans l'ordre.
    items: [Diagnostic, Conception, Mise en œuvre, Suivi, Évaluation]
""",
    """  - type: fill_blanks
    prompt: Complétez la phrase.
    text: L'ODD [[5|cinq]] vise l'[[égalité]] entre les sexes.
""",
    """  - type: likert
    prompt: Dans votre structure...
    statements: [Les réunions sont paritaires, Les tâches sont partagées]
    scale: [Pas du tout, Plutôt non, Plutôt oui, Tout à fait]
""",
    """  - type: open
    prompt: Décrivez un obstacle rencontré dans votre projet.
    min_words: 5
""",
]


def write_course(root: Path, lessons: int = 1000, quizzes: int = 1000) -> Path:
    """Write the course folder `root` (created) and return it."""
    root.mkdir(parents=True, exist_ok=True)
    items = []
    for n in range(max(lessons, quizzes)):
        if n < lessons:
            (root / f"lecon-{n:04d}.md").write_text(LESSON.format(n=n), encoding="utf-8")
            items.append(f"lecon-{n:04d}.md")
        if n < quizzes:
            # Each quiz has its own prompts and explanations, as real quizzes do; options
            # repeat (G0/G1/G2, Vrai/Faux), as they do in real courses too.
            questions = (
                "".join(QUESTIONS)
                .replace("prompt: ", f"prompt: Q{n}. ")
                .replace("explanation: ", f"explanation: ({n}) ")
            )
            body = f"title: Quiz {n}\npass_mark: 0.7\nquestions:\n" + questions
            (root / f"quiz-{n:04d}.yml").write_text(body, encoding="utf-8")
            items.append(f"quiz-{n:04d}.yml")
    modules = []
    for start in range(0, len(items), 20):
        listing = "".join(f"      - {item}\n" for item in items[start : start + 20])
        modules.append(f"  - title: Module {start // 20 + 1}\n    items:\n{listing}")
    (root / "course.yml").write_text(
        "title: Cours synthétique\nlanguage: fr\nmodules:\n" + "".join(modules), encoding="utf-8"
    )
    return root
