"""Maintainer command: print or write the glossary page, or check notebooks' bold terms.

python3 kit.py glossary --write docs/glossary.md               # regenerate the page
python3 kit.py glossary --check notebooks/_sources/*.py        # bold terms not in it
python3 kit.py glossary                                        # the page on stdout
"""

from __future__ import annotations

import argparse
import sys

from crmkit.glossary import bold_terms, render_markdown, write_markdown


def main(argv: list[str] | None = None) -> int:
    """Command line: print the page, write it, or check notebooks' bold terms."""
    parser = argparse.ArgumentParser(
        prog="python3 kit.py glossary",
        description="Print or write the glossary page, or check notebooks' bold terms.",
    )
    parser.add_argument("--write", metavar="PATH", help="write the markdown page to PATH")
    parser.add_argument(
        "--check",
        nargs="+",
        metavar="NOTEBOOK_PY",
        help="list bold phrases in these py:percent notebooks that are not glossary terms",
    )
    args = parser.parse_args(argv)
    if args.check:
        found = bold_terms(args.check)
        unknown = found[~found["known"]]
        for row in unknown.itertuples(index=False):
            print(f"{row.path}:{row.line}: **{row.bold}** is not in the glossary")
        print(f"{len(found)} bold phrases checked, {len(unknown)} not in the glossary")
        return 1 if len(unknown) else 0
    if args.write:
        print(f"wrote {write_markdown(args.write)}")
        return 0
    sys.stdout.buffer.write(render_markdown().encode("utf-8"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
