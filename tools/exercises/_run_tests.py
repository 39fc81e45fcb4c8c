"""Child process of :mod:`tools.exercises.sandbox`: run the tests on plain answers.

Run as ``python -I -B _run_tests.py WORKDIR`` in a fresh interpreter that has never run
student code. Reads ``WORKDIR/job.json`` (each question's otter test file, its answers as
plain data, the ``STUDENT_ID`` read from the notebook's source), builds the answers
back from exact built-in, numpy and pandas types (:mod:`plain`), runs every test case
(public, practice and hidden, as otter does: ``ExceptionTestFile``) against them with
crmkit imported from the installed package, and writes ``WORKDIR/result.json``.
"""

import importlib.util
import json
import os
import sys
import warnings


def _load(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main():
    workdir = sys.argv[1]
    here = os.path.dirname(os.path.abspath(__file__))
    plain = _load("_crmkit_plain", os.path.join(here, "plain.py"))
    with open(os.path.join(workdir, "job.json"), encoding="utf-8") as f:
        job = json.load(f)
    warnings.simplefilter("ignore")
    import matplotlib

    matplotlib.use("Agg")
    from otter.test_files import ExceptionTestFile

    from crmkit.exercises import student_message

    questions = {}
    for q, source in job["tests"].items():
        env = {}
        for name, data in (job["answers"].get(q) or {}).items():
            try:
                env[name] = plain.decode(data)
            except Exception:  # malformed data: no answer
                env[name] = None
        env["STUDENT_ID"] = job["student_id"]
        tf = ExceptionTestFile.from_string(source, path=f"{q}.py")
        tf.run(env)
        questions[tf.name] = {
            "score": float(tf.score),
            "cases": [
                {
                    "hidden": bool(r.test_case.hidden),
                    "name": str(r.test_case.name),
                    "passed": bool(r.passed),
                    "message": student_message(None if r.passed else r.message),
                }
                for r in tf.test_case_results
            ],
        }
    with open(os.path.join(workdir, "result.json"), "w", encoding="utf-8") as f:
        json.dump({"questions": questions}, f)


if __name__ == "__main__":
    main()
