"""What ``grader.check`` shows the student: each failed check's sentence, once."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from typing import Any

_ERROR_TAIL = re.compile(
    r"Error at line \d+ in test [^\n]*:\n[^\n]*\n(?P<kind>[A-Za-z_][\w.]*): ?(?P<msg>.*)\Z", re.S
)


def student_message(otter_message: str | None) -> str:
    """The sentence a check wrote for the student, out of otter's failure text.

    otter reports a failed test case as "❌ Test case failed", the test's line number
    and source line, then the exception. The student needs only the check's sentence;
    an error that is not an ``AssertionError`` (a check that could not run) is said so.

    Parameters
    ----------
    otter_message : str or None
        ``TestCaseResult.message`` of a failed case (None or "" for a passed one).

    Returns
    -------
    str
        The sentence, or "" for no message.

    Examples
    --------
    >>> student_message(
    ...     "❌ Test case failed\\nError at line 3 in test q1:\\n  check(x)\\n"
    ...     "AssertionError: `x` has no value yet."
    ... )
    '`x` has no value yet.'
    """
    if not otter_message:
        return ""
    m = _ERROR_TAIL.search(otter_message)
    if not m:
        return otter_message.replace("❌ Test case failed", "").strip()
    if m["kind"] == "AssertionError":
        return m["msg"].strip()
    return f"The check could not run on your answer ({m['kind']}: {m['msg'].strip()})."


class CheckReport:
    """What ``grader.check("qN")`` shows: the question and each failed check's sentence once.

    Attributes
    ----------
    question : str
        The question's name.
    messages : tuple of str
        The sentences of the failed public checks, each once, in order (two checks
        that catch one slip give one sentence). Empty when every check passed.
    """

    def __init__(self, question: str, messages: Iterable[str]) -> None:
        self.question = question
        self.messages = tuple(dict.fromkeys(m for m in messages if m))

    @classmethod
    def from_otter(cls, question: str, result: Any) -> CheckReport:
        """Build the report from otter's ``TestFile`` result (None in grading mode)."""
        results = getattr(result, "test_case_results", None) or []
        return cls(
            question,
            [
                student_message(r.message)
                for r in results
                if not r.passed and not r.test_case.hidden
            ],
        )

    @property
    def passed(self) -> bool:
        """Whether every public check passed."""
        return not self.messages

    def __repr__(self) -> str:
        if self.passed:
            return f"{self.question} results: All test cases passed!"
        lines = [f"{self.question} results: not yet."]
        lines += [f"- {m}" for m in self.messages]
        return "\n".join(lines)


class _StudentChecks:
    """An otter ``Notebook`` whose ``check`` returns a :class:`CheckReport`."""

    def __init__(self, notebook: Any) -> None:
        self._notebook = notebook

    def check(self, question: str, global_env: dict[str, Any] | None = None) -> CheckReport:
        if global_env is None:  # the calling cell's namespace, as otter does
            global_env = sys._getframe(1).f_globals
        return CheckReport.from_otter(question, self._notebook.check(question, global_env))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._notebook, name)


def student_checks(notebook: Any) -> Any:
    """Wrap an ``otter.Notebook`` so that ``check`` speaks in the checks' sentences.

    The released notebooks' first cell does
    ``grader = student_checks(otter.Notebook("NN_topic.ipynb"))``: ``grader.check("q1")``
    then runs otter's public tests as before but shows each failed check's sentence
    once (:class:`CheckReport`), without otter's "Error at line ... in test ..." and
    the test's source line. Every other method is otter's own.

    Parameters
    ----------
    notebook : otter.Notebook
        The notebook's grader.

    Returns
    -------
    object
        The wrapped grader.
    """
    return _StudentChecks(notebook)
