"""Child process of :mod:`tools.exercises.sandbox`: run one submission, write its answers.

Run as ``python -I -B _run_submission.py WORKDIR CHANNEL_FD`` in WORKDIR, with a clean
environment. Reads ``WORKDIR/job.json`` (the notebook's code cells and, per question, the
names of the variables its tests take), imports the libraries, installs the guard (:mod:`guard`), then runs
the cells one by one in one namespace (an error does not stop the next cell, as in a
kernel; otter's own cells are skipped) with their output thrown away. Afterwards it
writes ``WORKDIR/answers.json``: per question, its variables as plain data
(:mod:`plain`) as they were at the question's ``grader.check`` cell (the last one run;
at the end for a question never checked), which is what otter grades; the cells
that raised, and the library functions the submission replaced. Each refusal of the
guard is written at once to CHANNEL_FD, then ``END`` when the run is over.

Nothing here is trusted by the grader beyond "these are the student's answers": the
expected values are computed later, in another process that never runs student code.
"""

import importlib.util
import json
import os
import re
import sys
import warnings

_OTTER_CELL = re.compile(r"^\s*(# Initialize Otter|grader\.check)")
_CHECK = re.compile(r"grader\.check\(\s*[\"'](\w+)[\"']\s*\)")
#: Modules whose functions a submission might replace to fool a check in its own process.
_WATCHED = ("crmkit", "numpy", "pandas", "math", "builtins", "otter")


def _load(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class _Shell:
    """Enough of IPython's shell for magics in a cell to do nothing."""

    def run_line_magic(self, *args, **kwargs):
        return None

    def run_cell_magic(self, *args, **kwargs):
        return None

    def system(self, *args, **kwargs):
        raise PermissionError("Not allowed while grading: shell commands.")

    getoutput = system


def _snapshot():
    out = {}
    for name, module in list(sys.modules.items()):
        if module is None or name.split(".")[0] not in _WATCHED:
            continue
        try:
            out[name] = {k: id(v) for k, v in vars(module).items() if callable(v)}
        except TypeError:
            continue
    return out


def _replaced(before):
    changed = []
    for name, attrs in before.items():
        module = sys.modules.get(name)
        if module is None:
            continue
        now = vars(module)
        changed += [f"{name}.{k}" for k, i in attrs.items() if k in now and id(now[k]) != i]
    return sorted(changed)[:20]


def _first_line(source):
    return next((ln for ln in source.splitlines() if ln.strip()), "")[:80]


def main():
    workdir, channel_fd = sys.argv[1], int(sys.argv[2])
    here = os.path.dirname(os.path.abspath(__file__))
    plain = _load("_crmkit_plain", os.path.join(here, "plain.py"))
    guard_module = _load("_crmkit_guard", os.path.join(here, "guard.py"))
    with open(os.path.join(workdir, "job.json"), encoding="utf-8") as f:
        job = json.load(f)
    channel = os.fdopen(channel_fd, "w", buffering=1, encoding="utf-8")

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot
    import numpy  # noqa: F401
    import pandas  # noqa: F401
    from IPython.core.inputtransformer2 import TransformerManager

    import crmkit
    import crmkit.exercises
    from crmkit.datasets import data_dir

    transform = TransformerManager().transform_cell
    before = _snapshot()
    roots = [*guard_module.python_roots(), os.path.dirname(crmkit.__file__), str(data_dir())]
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    warnings.simplefilter("ignore")
    namespace = {"__name__": "__main__", "get_ipython": _Shell}
    errors, answers, reasons = [], {}, []

    def snapshot(question):
        # what otter grades: the answers as they are at the question's check
        answers[question] = {}
        for name in job["questions"][question]:
            data, why = plain.encode(namespace.get(name), f"`{name}`")
            answers[question][name] = data
            reasons.extend(w for w in why if w not in reasons)

    guard_module.install(workdir, roots, channel)
    for i, source in enumerate(job["cells"]):
        if _OTTER_CELL.match(source):
            for question in _CHECK.findall(source):
                if question in job["questions"]:
                    snapshot(question)
            continue
        try:
            code = compile(transform(source), f"<cell {i}>", "exec")
            exec(code, namespace)
        except BaseException as e:  # a cell's error (or exit()) stops only that cell
            errors.append({"cell": _first_line(source), "error": f"{type(e).__name__}: {e}"})
    for question in job["questions"]:
        if question not in answers:  # never checked: graded at the end, as otter does
            snapshot(question)
    runtime_id = namespace.get("STUDENT_ID")
    result = {
        "answers": answers,
        "runtime_id": runtime_id if type(runtime_id) is str else None,
        "type_reasons": reasons,
        "cell_errors": errors,
        "replaced": _replaced(before),
    }
    with open(os.path.join(workdir, "answers.json"), "w", encoding="utf-8") as f:
        json.dump(result, f)
    channel.write("END\n")
    channel.flush()
    os._exit(0)  # threads a submission started end here


if __name__ == "__main__":
    main()
