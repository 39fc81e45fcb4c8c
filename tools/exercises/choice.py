"""Compact multiple-choice (concept) questions in a master, expanded at release.

A concept question is written in a master as one raw cell::

    # %% [raw]
    # # CHOICE QUESTION
    # name: q9
    # points: 1
    # title: Alive, or about to buy?          (optional, after "Question 9 (concept) · ")
    # variable: q9_answer                      (optional, default "<name>_answer")
    # reread: sections 4.4 and 7               (optional: where to read again)
    # note: You may run ...                    (optional: a paragraph after the question)
    # prompt: |
    #   For one customer on 30 June 2025, ...
    # choices:
    #   a: One of the two models must be wrong: ...
    #   b: Both can be right: ...
    # answer: b
    # why:
    #   a: a customer can be alive and still not buy for six months ...
    #   b: P(alive) and "no purchase in six months" are different events ...

and :func:`expand_choices` turns it into otter's cells: the question's markdown (heading,
prompt, the lettered options, how to store the answer), the solution cell, a public test
that the answer is one of the letters (``check_label``) and a hidden test that grades it
(``crmkit.exercises.check_choice``, which explains a wrong letter with its ``why`` and
never names the right one). The spec is checked with the data model of the chapters'
self-checks, :class:`crmkit.quiz.Question` (distinct non-empty options, the answer among
them, an explanation for every option), so both multiple-choice systems share one model.
"""

from __future__ import annotations

import json
import textwrap
from dataclasses import dataclass
from typing import Any

#: First line of a compact multiple-choice cell.
MARKER = "# CHOICE QUESTION"
_WIDTH = 88


@dataclass(frozen=True)
class ChoiceSpec:
    """One concept question of a master.

    Attributes
    ----------
    name : str
        otter's question name, ``"q9"``.
    points : float
        Points of the question.
    variable : str
        The variable the student stores the letter in.
    prompt : str
        The question (markdown).
    choices : dict of str to str
        Letter -> option text, letters ``a``, ``b``, ... in order.
    answer : str
        The right letter.
    why : dict of str to str
        Letter -> why that option is right or wrong.
    title : str
        Text after the heading's "(concept) · ", or "".
    reread : str
        Where in the chapter to read again, or "".
    note : str
        A paragraph shown after the question (a tip), or "".
    """

    name: str
    points: float
    variable: str
    prompt: str
    choices: dict[str, str]
    answer: str
    why: dict[str, str]
    title: str = ""
    reread: str = ""
    note: str = ""

    @property
    def number(self) -> str:
        return self.name.removeprefix("q")

    @property
    def why_wrong(self) -> dict[str, str]:
        return {k: v for k, v in self.why.items() if k != self.answer}


def is_choice_cell(cell: Any) -> bool:
    """Whether a notebook cell is a compact multiple-choice question."""
    lines = cell.source.strip().splitlines()
    return cell.cell_type == "raw" and bool(lines) and lines[0].strip().upper() == MARKER


def parse_choice(source: str) -> ChoiceSpec:
    """Read and check one compact multiple-choice cell.

    Raises
    ------
    ValueError
        Naming the question and what is wrong: a missing key, letters that are not
        ``a``, ``b``, ... in order, an answer that is not a letter, a ``why`` that does
        not explain every option, or anything :class:`crmkit.quiz.Question` refuses.
    """
    import yaml

    from crmkit.quiz import Question

    spec = yaml.safe_load("\n".join(source.strip().splitlines()[1:])) or {}
    name = str(spec.get("name", "?"))
    where = f"The multiple-choice question {name!r} of a master"
    missing = [k for k in ("name", "points", "prompt", "choices", "answer", "why") if k not in spec]
    if missing:
        raise ValueError(f"{where} needs the key(s) {missing}; add them to its cell.")
    choices = {str(k): str(v).strip() for k, v in spec["choices"].items()}
    letters = list(choices)
    if letters != [chr(ord("a") + i) for i in range(len(letters))]:
        raise ValueError(f"{where} must letter its choices a, b, c, ... in order. Got {letters}.")
    answer = str(spec["answer"])
    if answer not in choices:
        raise ValueError(f"{where} has answer {answer!r}, which is not one of {letters}.")
    why = {str(k): str(v).strip() for k, v in spec["why"].items()}
    if sorted(why) != letters:
        raise ValueError(
            f"{where} must explain every choice in 'why' (the right one too): letters "
            f"{letters}. Got {sorted(why)}."
        )
    try:  # the chapters' self-check model: distinct options, one answer, all explained
        Question(
            prompt=str(spec["prompt"]),
            options=[choices[k] for k in letters],
            answer=choices[answer],
            explanations=[why[k] for k in letters],
        )
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{where}: {exc}") from None
    return ChoiceSpec(
        name=name,
        points=float(spec["points"]),
        variable=str(spec.get("variable") or f"{name}_answer"),
        prompt=str(spec["prompt"]).strip(),
        choices=choices,
        answer=answer,
        why=why,
        title=str(spec.get("title") or "").strip(),
        reread=str(spec.get("reread") or "").strip(),
        note=str(spec.get("note") or "").strip(),
    )


def _points(x: float) -> str:
    return f"{x:g}"


def question_markdown(spec: ChoiceSpec) -> str:
    """The question as the student reads it."""
    heading = f"### Question {spec.number} (concept)"
    if spec.title:
        heading += f" · {spec.title}"
    options = [
        textwrap.fill(
            text, _WIDTH, initial_indent=f"- {k}. ", subsequent_indent="  ", break_on_hyphens=False
        )
        for k, text in spec.choices.items()
    ]
    store = (
        f"Store the letter of your answer, as a lower-case string, in `{spec.variable}`\n"
        f'(for example `{spec.variable} = "a"`).'
    )
    parts = [heading, spec.prompt, "\n".join(options), store]
    return "\n\n".join([*parts, spec.note] if spec.note else parts)


def form_test(spec: ChoiceSpec) -> str:
    """The public test: the answer is one of the letters."""
    letters = list(spec.choices)
    listed = ", ".join(json.dumps(k) for k in letters)
    return (
        f"def test_{spec.name}_form({spec.variable}):\n"
        "    from crmkit.exercises import check_label\n\n"
        f"    check_label({spec.variable}, {json.dumps(spec.variable)}, choices=[{listed}], "
        f'what="one letter, {letters[0]} to {letters[-1]}")'
    )


def value_test(spec: ChoiceSpec) -> str:
    """The hidden test: the letter is the right one; a wrong one gets its ``why``."""
    entries = "".join(
        f"        {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)},\n"
        for k, v in spec.why_wrong.items()
    )
    reread = f", reread={json.dumps(spec.reread, ensure_ascii=False)}" if spec.reread else ""
    return (
        "# HIDDEN\n"
        f"def test_{spec.name}_value({spec.variable}):\n"
        "    from crmkit.exercises import check_choice\n\n"
        f"    why_wrong = {{\n{entries}    }}\n"
        f"    check_choice({spec.variable}, {json.dumps(spec.variable)}, "
        f"{json.dumps(spec.answer)}, why_wrong{reread})"
    )


def expand(spec: ChoiceSpec) -> list:
    """otter's cells for one concept question."""
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_raw_cell

    return [
        new_raw_cell(
            f"# BEGIN QUESTION\nname: {spec.name}\npoints: {_points(spec.points)}\n"
            "all_or_nothing: true"
        ),
        new_markdown_cell(question_markdown(spec)),
        new_raw_cell("# BEGIN SOLUTION"),
        new_code_cell(f"{spec.variable} = {json.dumps(spec.answer)}  # SOLUTION"),
        new_raw_cell("# END SOLUTION"),
        new_raw_cell("# BEGIN TESTS"),
        new_code_cell(form_test(spec)),
        new_code_cell(value_test(spec)),
        new_raw_cell("# END TESTS"),
        new_raw_cell("# END QUESTION"),
    ]


def expand_choices(cells: list) -> list:
    """``cells`` with every compact multiple-choice cell replaced by otter's cells."""
    out = []
    for cell in cells:
        out.extend(expand(parse_choice(cell.source)) if is_choice_cell(cell) else [cell])
    return out
