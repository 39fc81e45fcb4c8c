"""Multiple-choice self-checks for the end of a chapter.

Two layers, so that the part that matters can be tested without a browser:

* :class:`Question` holds one question and grades an answer with
  :meth:`Question.grade`, a pure function that returns a :class:`Feedback`
  (``correct`` and a ``message`` explaining why the chosen option is right or wrong).
* :func:`quiz` builds the ipywidgets front end: for each question a prompt, radio
  buttons, a *Check* button and a feedback line. The widgets only call
  :meth:`Question.grade`; tests drive them by setting ``choices.value`` and calling
  :meth:`QuestionWidget.check` (or ``button.click()``), then reading
  ``feedback`` / ``feedback_text``.

A displayed :class:`Quiz` also carries a static ``text/html`` version of itself (each
question with its options and, in a collapsible ``<details>`` block, the answer and why
every option is right or wrong), so a page built without a kernel, such as the course
book, still offers the self-check. JupyterLab shows the widget; the book prefers the HTML.

Example
-------
>>> q = Question(
...     prompt="Which measure needs nothing but the purchase history?",
...     options=["RFM", "Net promoter score"],
...     answer="RFM",
...     explanations={
...         "RFM": "Recency, frequency and money spent all come from past orders.",
...         "Net promoter score": "It needs a survey question about recommending.",
...     },
... )
>>> q.grade("RFM").correct
True
>>> print(q.grade("Net promoter score").message)
Not quite. It needs a survey question about recommending. Try another option.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

import ipywidgets as widgets

__all__ = ["Feedback", "Question", "QuestionWidget", "Quiz", "quiz", "static_html"]

#: Message when Check is pressed before any option is chosen.
NO_CHOICE = "No answer chosen yet. Pick one of the options, then press Check."
_CORRECT_PREFIX = "Correct."
_WRONG_PREFIX = "Not quite."
_WRONG_SUFFIX = "Try another option."
#: A verdict the author wrote at the start of an explanation ("Right: ...", "No, ..."),
#: dropped from feedback that already opens with "Correct." or "Not quite.". Only a
#: verdict that agrees is dropped: "Yes, but ..." on a wrong option stays as written.
_VERDICTS = {
    True: re.compile(r"^(?:right|correct|yes|exactly)\s*[:.,!;]\s+", re.IGNORECASE),
    False: re.compile(r"^(?:wrong|no|incorrect|not quite)\s*[:.,!;]\s+", re.IGNORECASE),
}


def _without_verdict(explanation: str, correct: bool) -> str:
    """``explanation`` without a leading verdict that agrees with ``correct``.

    >>> _without_verdict("Right: the decision can only use what was known.", True)
    'The decision can only use what was known.'
    >>> _without_verdict("Right: the decision can only use what was known.", False)
    'Right: the decision can only use what was known.'
    >>> _without_verdict("No, recency is how long ago.", False)
    'Recency is how long ago.'
    """
    stripped = _VERDICTS[correct].sub("", explanation, count=1)
    if stripped == explanation or not stripped:
        return explanation
    return stripped[0].upper() + stripped[1:]


@dataclass(frozen=True)
class Feedback:
    """The result of grading one answer.

    Attributes
    ----------
    correct : bool
        Whether the chosen option is the answer. False when nothing was chosen.
    message : str
        What to show the student: "Correct." or "Not quite." followed by the
        explanation written for the chosen option (without a verdict word of its
        own, so that "Right: ..." does not read "Correct. Right: ...").
    """

    correct: bool
    message: str


def _text(value: object, parameter: str, where: str = "Question") -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(
            f"The {parameter!r} parameter of {where} must be a non-empty string. "
            f"Got {value!r} instead."
        )
    return value.strip()


@dataclass(frozen=True)
class Question:
    """One multiple-choice question with an explanation for every option.

    Parameters
    ----------
    prompt : str
        The question, in plain text.
    options : sequence of str
        Two or more distinct, non-empty answer options, in the order shown.
    answer : str
        The correct option; must be one of ``options`` (exactly).
    explanations : mapping of str to str, or sequence of str
        Why each option is right or wrong. Either a mapping with exactly one entry
        per option, or a sequence in the same order as ``options``. Every
        explanation must be a non-empty string: a wrong answer deserves a reason.

    Raises
    ------
    TypeError
        If ``options`` is a single string, or ``explanations`` is neither a mapping
        nor a sequence.
    ValueError
        If any text is empty, there are fewer than two options, options repeat,
        ``answer`` is not an option, or the explanations do not cover the options
        one to one.

    Notes
    -----
    Surrounding white space is stripped from every text, ``options`` is stored as a
    tuple and ``explanations`` as a read-only mapping in option order.
    """

    prompt: str
    options: tuple[str, ...]
    answer: str
    explanations: Mapping[str, str] = field(repr=False, hash=False)

    def __post_init__(self) -> None:
        prompt = _text(self.prompt, "prompt")
        if isinstance(self.options, str) or not isinstance(self.options, Iterable):
            raise TypeError(
                "The 'options' parameter of Question must be a list or tuple of strings. "
                f"Got {self.options!r} instead."
            )
        options = tuple(_text(option, "options") for option in self.options)
        if len(options) < 2:
            raise ValueError(
                "The 'options' parameter of Question must have at least two options. "
                f"Got {list(options)!r} instead."
            )
        repeated = sorted({o for o in options if options.count(o) > 1})
        if repeated:
            raise ValueError(
                "The 'options' parameter of Question must not repeat an option. "
                f"Got {repeated!r} more than once."
            )
        answer = _text(self.answer, "answer")
        if answer not in options:
            raise ValueError(
                f"The 'answer' parameter of Question must be one of the options "
                f"{list(options)!r}. Got {self.answer!r} instead."
            )
        explanations = self._explanations(self.explanations, options)
        object.__setattr__(self, "prompt", prompt)
        object.__setattr__(self, "options", options)
        object.__setattr__(self, "answer", answer)
        object.__setattr__(self, "explanations", explanations)

    @staticmethod
    def _explanations(given: object, options: tuple[str, ...]) -> Mapping[str, str]:
        if isinstance(given, Mapping):
            keys = [_text(key, "explanations (keys)") for key in given]
            missing = [o for o in options if o not in keys]
            extra = [k for k in keys if k not in options]
            if missing or extra:
                raise ValueError(
                    "The 'explanations' parameter of Question must have exactly one entry "
                    f"per option. Missing: {missing!r}; not an option: {extra!r}."
                )
            by_key = {key.strip(): value for key, value in given.items()}
            texts = [by_key[o] for o in options]
        elif isinstance(given, Sequence) and not isinstance(given, str):
            texts = list(given)
            if len(texts) != len(options):
                raise ValueError(
                    "The 'explanations' parameter of Question must have one explanation "
                    f"per option ({len(options)}). Got {len(texts)} instead."
                )
        else:
            raise TypeError(
                "The 'explanations' parameter of Question must be a dict {option: why} "
                f"or a list in the order of the options. Got {given!r} instead."
            )
        cleaned = [_text(text, "explanations") for text in texts]
        return MappingProxyType(dict(zip(options, cleaned, strict=True)))

    def grade(self, choice: str | None) -> Feedback:
        """Grade one answer.

        Parameters
        ----------
        choice : str or None
            The option the student chose, exactly as in ``options``; None when
            nothing has been chosen (what a fresh set of radio buttons holds).

        Returns
        -------
        Feedback
            ``correct`` is True only for the answer. The message is "Correct." or
            "Not quite." followed by the explanation of the chosen option (and, when
            wrong, an invitation to try again); :data:`NO_CHOICE` for None.

        Raises
        ------
        TypeError
            If ``choice`` is neither a string nor None.
        ValueError
            If ``choice`` is a string that is not one of the options.
        """
        if choice is None:
            return Feedback(correct=False, message=NO_CHOICE)
        if not isinstance(choice, str):
            raise TypeError(
                "The 'choice' parameter of Question.grade must be one of the options (a "
                f"string) or None. Got {type(choice).__name__} {choice!r} instead."
            )
        if choice not in self.options:
            raise ValueError(
                f"The 'choice' parameter of Question.grade must be one of the options "
                f"{list(self.options)!r} or None. Got {choice!r} instead."
            )
        why = _without_verdict(self.explanations[choice], correct=choice == self.answer)
        if choice == self.answer:
            return Feedback(correct=True, message=f"{_CORRECT_PREFIX} {why}")
        return Feedback(correct=False, message=f"{_WRONG_PREFIX} {why} {_WRONG_SUFFIX}")


def _feedback_html(feedback: Feedback | None) -> str:
    if feedback is None:
        return ""
    colour = "#1a7f37" if feedback.correct else "#b42318"
    return f'<span style="color: {colour}">{html.escape(feedback.message)}</span>'


class QuestionWidget(widgets.VBox):
    """The widget for one question: prompt, radio buttons, Check button, feedback.

    Parameters
    ----------
    question : Question
        What to ask; grading is delegated to ``question.grade``.
    number : int, optional
        Shown before the prompt ("3. ...").

    Attributes
    ----------
    question : Question
    choices : ipywidgets.RadioButtons
        The options; ``choices.value`` is None until the student picks one.
    button : ipywidgets.Button
        *Check*; clicking it calls :meth:`check`.
    result : ipywidgets.HTML
        The feedback area under the button.
    feedback : Feedback or None
        The last grading, or None before the first check (and after the choice
        changes, which clears the old feedback).
    """

    def __init__(self, question: Question, number: int | None = None) -> None:
        if not isinstance(question, Question):
            raise TypeError(
                "The 'question' parameter of QuestionWidget must be a crmkit.quiz.Question. "
                f"Got {type(question).__name__} instead."
            )
        self.question = question
        self.number = number
        label = f"<b>{number}.</b> " if number is not None else ""
        self.prompt = widgets.HTML(value=f"{label}{html.escape(question.prompt)}")
        self.choices = widgets.RadioButtons(
            options=question.options, value=None, layout=widgets.Layout(width="auto")
        )
        self.button = widgets.Button(description="Check", tooltip="Check your answer")
        self.result = widgets.HTML(value="")
        self.feedback: Feedback | None = None
        self.button.on_click(self.check)
        self.choices.observe(self._clear, names="value")
        super().__init__(children=[self.prompt, self.choices, self.button, self.result])

    def check(self, _button: widgets.Button | None = None) -> Feedback:
        """Grade the current choice, show the feedback, and return it (click handler)."""
        self.feedback = self.question.grade(self.choices.value)
        self.result.value = _feedback_html(self.feedback)
        return self.feedback

    def _clear(self, _change: object = None) -> None:
        self.feedback = None
        self.result.value = ""

    @property
    def feedback_text(self) -> str:
        """The feedback message as plain text ("" before the first check)."""
        return "" if self.feedback is None else self.feedback.message

    def __repr__(self) -> str:
        number = f" {self.number}" if self.number is not None else ""
        return f"Question{number}: {self.question.prompt}"


class Quiz(widgets.VBox):
    """A column of :class:`QuestionWidget`, one per question, under a title.

    Build it with :func:`quiz`. ``items`` holds the question widgets in order;
    :attr:`score` counts the questions answered correctly so far.
    """

    def __init__(self, questions: Sequence[Question], title: str) -> None:
        self.title = title
        self.items = [QuestionWidget(q, number=i) for i, q in enumerate(questions, start=1)]
        heading = widgets.HTML(value=f"<h3>{html.escape(title)}</h3>")
        super().__init__(children=[heading, *self.items])

    @property
    def score(self) -> int:
        """How many questions are currently answered and checked correct."""
        return sum(1 for item in self.items if item.feedback and item.feedback.correct)

    def _repr_mimebundle_(self, **kwargs) -> dict:
        """The widget's bundle plus ``text/html``: the quiz for pages without a kernel.

        JupyterLab ranks the widget view above HTML, so students in a running
        notebook get the interactive quiz; the course book (see ``nb_mime_priority_
        overrides`` in ``docs/book/conf.py``) prefers the HTML.
        """
        bundle = super()._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = repr(self)
        bundle["text/html"] = static_html([item.question for item in self.items], title=self.title)
        return bundle

    def __repr__(self) -> str:
        # Also the text/plain output stored in notebooks: short, stable, and useful
        # where widgets cannot be shown (a static view of the notebook).
        count = len(self.items)
        return (
            f"{self.title}: {count} question{'' if count == 1 else 's'} "
            "(interactive; run the notebook in Jupyter to answer them)"
        )


def static_html(questions: Sequence[Question], title: str = "Self-check") -> str:
    """The quiz as self-contained HTML, for pages that cannot run the widgets.

    Parameters
    ----------
    questions : sequence of Question
        The questions, numbered from 1 in the order given.
    title : str, default "Self-check"
        Heading shown above the questions.

    Returns
    -------
    str
        A ``<div class="crmkit-quiz">`` with the title, and for each question its
        prompt, its options as a lettered list, and a closed ``<details>`` block that
        names the answer and explains every option. Every text is HTML-escaped; no
        script, no style sheet, so it works in any viewer that shows HTML.
    """
    parts = [
        '<div class="crmkit-quiz">',
        f"<h3>{html.escape(title)}</h3>",
        "<p><em>Answer each question in your head (or on paper), then open "
        "<b>Show the answer</b> to check it.</em></p>",
    ]
    for number, question in enumerate(questions, start=1):
        letters = {o: chr(ord("A") + i) for i, o in enumerate(question.options)}
        options = "".join(f"<li>{html.escape(option)}</li>" for option in question.options)
        reasons = "".join(
            f"<li><b>{letters[option]}</b> ({'right' if option == question.answer else 'wrong'})"
            f": {html.escape(_without_verdict(why, option == question.answer))}</li>"
            for option, why in question.explanations.items()
        )
        parts.append(
            '<div class="crmkit-quiz-question">'
            f"<p><b>{number}.</b> {html.escape(question.prompt)}</p>"
            f'<ol type="A">{options}</ol>'
            "<details><summary>Show the answer</summary>"
            f"<p>Answer: <b>{letters[question.answer]}</b>, "
            f"{html.escape(question.answer)}.</p>"
            f"<ul>{reasons}</ul></details></div>"
        )
    parts.append("</div>")
    return "\n".join(parts)


def quiz(questions: Iterable[Question], *, title: str = "Self-check") -> Quiz:
    """An interactive multiple-choice quiz for the end of a chapter.

    Parameters
    ----------
    questions : iterable of Question
        At least one question, shown in the order given and numbered from 1.
    title : str, default "Self-check"
        Heading shown above the questions.

    Returns
    -------
    Quiz
        An ``ipywidgets.VBox`` to display as a cell's last expression. Its plain
        text form (what a static viewer and nbval see) is the title and the number
        of questions, which does not change between runs.

    Raises
    ------
    TypeError
        If ``questions`` is a single Question or contains anything else.
    ValueError
        If there are no questions or the title is empty.

    Examples
    --------
    >>> q = Question("2 + 2?", ["4", "5"], "4", ["Two and two make four.", "One too many."])
    >>> widget = quiz([q])
    >>> widget.items[0].choices.value = "5"
    >>> widget.items[0].check().correct
    False
    >>> widget.items[0].feedback_text
    'Not quite. One too many. Try another option.'
    >>> widget
    Self-check: 1 question (interactive; run the notebook in Jupyter to answer them)
    """
    if isinstance(questions, Question) or not isinstance(questions, Iterable):
        raise TypeError(
            "The 'questions' parameter of quiz must be a list of crmkit.quiz.Question. "
            f"Got {type(questions).__name__} instead."
        )
    questions = list(questions)
    if not questions:
        raise ValueError(
            "The 'questions' parameter of quiz must contain at least one Question. "
            "Got an empty list instead."
        )
    wrong = [i for i, q in enumerate(questions) if not isinstance(q, Question)]
    if wrong:
        raise TypeError(
            "The 'questions' parameter of quiz must contain only crmkit.quiz.Question "
            f"objects. Items at positions {wrong} are not."
        )
    return Quiz(questions, title=_text(title, "title", where="quiz"))
