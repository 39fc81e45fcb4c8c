"""Command line of the instructor's exercise tools: ``python3 kit.py release|grade``.

``kit.py`` runs ``python -m tools.exercises`` inside the project's environment.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path

from tools.exercises.sets import exercises_root


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python3 kit.py",
        description="Release and grade crmkit's otter-grader exercise sets (no Docker needed).",
    )
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--exercises", default=None, help="the exercises folder (default: the repository's)"
    )
    sub = p.add_subparsers(dest="command", required=True)
    r = sub.add_parser(
        "release",
        parents=[common],
        help="run otter assign on masters: student notebooks + autograder zips",
    )
    r.add_argument("sets", nargs="*", help="set names (default: every set in exercises/_masters/)")
    r.add_argument(
        "--out",
        default=None,
        help="write everything to this folder only: OUT/<set>.ipynb and "
        "OUT/dist/<set>/ (default: exercises/ and exercises/dist/)",
    )
    r.add_argument(
        "--check",
        action="store_true",
        help="also grade each solution notebook with its autograder (needs a Jupyter kernel)",
    )
    r.add_argument(
        "--no-wheel", action="store_true", help="do not bundle the crmkit wheel in the zips"
    )
    r.add_argument(
        "--roster",
        default=None,
        help="class list CSV (student_id,name,email): also list, per set, the ids for which "
        "a known slip equals the right answer, as 'would pass' or 'harmless' "
        "(dist/<set>/slips.csv)",
    )
    r.add_argument(
        "--slip-questions",
        default=None,
        help="with --roster: only these questions, comma-separated (e.g. q2,q3)",
    )
    g = sub.add_parser(
        "grade", parents=[common], help="grade a folder of submitted notebooks locally"
    )
    g.add_argument("submissions", help="folder of submitted .ipynb files (one per student)")
    g.add_argument(
        "--set", required=True, dest="set_name", help="exercise set, e.g. 00_getting_started"
    )
    g.add_argument("--out", default=None, help="output folder (default: exercises/_graded/<set>)")
    g.add_argument("--autograder", default=None, help="autograder zip (default: exercises/dist)")
    g.add_argument("--jobs", type=int, default=1, help="notebooks graded in parallel (default 1)")
    g.add_argument(
        "--timeout",
        type=float,
        default=300.0,
        help="seconds one notebook may run before it is stopped and scores 0 (default 300)",
    )
    g.add_argument("--roster", default=None, help="class list CSV: student_id,name,email")
    g.add_argument(
        "--deadline", default=None, help="ISO date-time, e.g. 2025-06-01T23:59+08:00 (late flags)"
    )
    g.add_argument("--times", default=None, help="hand-in times CSV: file,submitted_at")
    g.add_argument(
        "--require-id",
        action="store_true",
        help="score 0 for submissions that set no STUDENT_ID (worked on the shared data)",
    )
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return the exit status (2 on a usage or input error)."""
    args = parser().parse_args(argv)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", UserWarning)
            _run(args)
    except (ValueError, RuntimeError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    for w in caught:
        if issubclass(w.category, UserWarning):
            print(f"warning: {w.message}", file=sys.stderr)
    return 0


def _release(args: argparse.Namespace) -> None:
    from tools.exercises.release import release

    out = Path(args.out) if args.out else None
    done = release(
        args.sets or None,
        exercises_dir=args.exercises,
        dist_dir=out / "dist" if out else None,
        student_dir=out,
        check=args.check,
        wheel=not args.no_wheel,
    )
    for item in done:
        pad = " " * len(item["name"])
        print(f"{item['name']}: student notebook {item['student']}")
        print(f"{pad}  autograder zip   {item['autograder']}")
        print(f"{pad}  solutions        {item['solution']}")
    if args.roster:
        _slips(args, done)


def _slips(args: argparse.Namespace, done: list[dict]) -> None:
    from tools.exercises.course import read_roster
    from tools.exercises.sets import get_set
    from tools.exercises.slips import UNHANDLED, slip_collisions, write_report

    ids = list(read_roster(args.roster)["student_id"])
    questions = args.slip_questions.split(",") if args.slip_questions else None
    for item in done:
        table = slip_collisions(get_set(item["name"], args.exercises), ids, questions)
        path = Path(item["autograder"]).parent / "slips.csv"
        write_report(table, path)
        counts = table.groupby("kind")["student_id"].nunique().to_dict()
        words = ", ".join(
            f"{kind} for {counts.get(kind, 0)}"
            for kind in ("would pass", "harmless", "not reached")
        )
        left = table["kind"].isin(UNHANDLED).any()
        print(
            f"{item['name']}: slips equal to the right answer, of {len(ids)} ids: {words}; "
            f"{'read those by hand' if left else 'none left unhandled'}: {path}"
        )


def _grade(args: argparse.Namespace) -> None:
    from tools.exercises.grade import grade

    root = exercises_root(args.exercises)
    out = Path(args.out) if args.out else root / "_graded" / args.set_name
    book = grade(
        args.submissions,
        args.set_name,
        out,
        exercises_dir=root,
        autograder=args.autograder,
        jobs=args.jobs,
        timeout=args.timeout,
        require_id=args.require_id,
        progress=True,
        roster=args.roster,
        deadline=args.deadline,
        times=args.times,
    )
    totals = book[book["question"] == "total"].set_index("student")
    print(totals[["student_id", "points", "possible", "status"]].to_string())
    print(f"gradebook: {out / 'gradebook.csv'}; feedback: {out / 'feedback'}")


def _run(args: argparse.Namespace) -> None:
    if args.command == "release":
        _release(args)
    else:
        _grade(args)
