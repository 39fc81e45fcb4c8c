"""The course as a book: `python3 kit.py book` builds a static site that works offline.

The book is built once per run (about ten seconds) from the committed notebooks into a
temporary folder, then read twice: as files (pages, links, what the pages load) and in
Debian's Chromium driven by Playwright (plots load, links resolve, the glossary lists its
terms, search finds chapters). The browser part is skipped, saying why, on a machine
without /usr/bin/chromium; screenshots land in build/test-artifacts/book/ (git-ignored).
"""

from __future__ import annotations

import functools
import html
import importlib.util
import json
import re
import subprocess
import sys
import threading
import urllib.parse
import urllib.request
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

import kit

ROOT = Path(__file__).resolve().parents[2]
BOOK = ROOT / "docs" / "book"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = ROOT / "build" / "test-artifacts" / "book"
CHAPTERS = sorted(ROOT.glob("notebooks/[0-9][0-9]_*.ipynb"))
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def _module(name: str):
    spec = importlib.util.spec_from_file_location(f"book_{name}", BOOK / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


static_widgets = _module("static_widgets")


def _outputs(notebook: Path) -> list[dict]:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return [output for cell in cells for output in cell.get("outputs", [])]


def _page(out: Path, chapter: Path) -> Path:
    return out / "notebooks" / f"{chapter.stem}.html"


@pytest.fixture(scope="module")
def book(tmp_path_factory) -> Path:
    """Build the book with the script kit.py runs; return its folder."""
    out = tmp_path_factory.mktemp("book") / "site"
    warnings = out.parent / "warnings.txt"
    result = subprocess.run(
        [sys.executable, str(BOOK / "build.py"), "--out", str(out), "--warnings", str(warnings)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"open {out / 'index.html'}" in result.stdout, result.stdout
    out.joinpath("_warnings.txt").write_text(warnings.read_text(encoding="utf-8"))
    return out


# ---------------------------------------------------------------- the command


def test_kit_has_a_book_command_that_runs_the_build_script():
    assert kit.COMMANDS["book"] is kit.cmd_book
    assert "python3 kit.py book" in kit.__doc__
    assert "docs/book/build.py" in Path(kit.__file__).read_text(encoding="utf-8").replace(
        '" / "', "/"
    )


def test_readme_says_how_to_build_and_publish_the_book():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## The course as a book")[1].split("\n## ")[0]
    assert "python3 kit.py book" in section
    assert "build/book" in section
    assert "GitHub Pages" in section


# ---------------------------------------------------------------- the built files


def test_book_builds_without_warnings(book):
    # a broken link, a missing image or an unknown document is a Sphinx warning
    warnings = (book / "_warnings.txt").read_text(encoding="utf-8").strip()
    assert not warnings, (
        "Sphinx warned while building the book (a link, image or reference in a chapter, "
        f"the glossary or the exercise guide that the book cannot resolve):\n{warnings}"
    )


def test_every_chapter_the_glossary_and_the_guide_are_pages(book):
    assert len(CHAPTERS) == 8
    index = (book / "index.html").read_text(encoding="utf-8")
    for chapter in CHAPTERS:
        assert _page(book, chapter).is_file(), chapter.name
        assert f'href="notebooks/{chapter.stem}.html"' in index, chapter.name
    for page in ("docs/glossary.html", "exercises/README.html", "search.html"):
        assert (book / page).is_file(), page
        assert f'href="{page}"' in index or page == "search.html", page
    assert (book / "searchindex.js").is_file()
    assert (book / ".nojekyll").is_file(), "GitHub Pages would hide _static/ without it"


def test_pages_load_nothing_from_the_network(book):
    remote = re.compile(
        r"""<(?:script|link|img|iframe|source)\b[^>]*\b(?:src|href)=["']?(?:https?:)?//"""
    )
    for page in book.rglob("*.html"):
        found = remote.findall(page.read_text(encoding="utf-8"))
        assert not found, f"{page.relative_to(book)} loads {found}"
    for sheet in book.rglob("*.css"):
        text = sheet.read_text(encoding="utf-8")
        assert not re.search(r"""(?:url\(|@import)\s*["']?(?:https?:)?//""", text), sheet.name


def test_chapters_show_their_stored_plots_and_no_widget_placeholder(book):
    for chapter in CHAPTERS:
        page = _page(book, chapter).read_text(encoding="utf-8")
        plots = sum("image/png" in o.get("data", {}) for o in _outputs(chapter))
        shown = len(re.findall(r'<img[^>]+src="\.\./_images/', page))
        assert shown >= plots, f"{chapter.name}: {plots} stored plots, {shown} shown"
        # a widget view with no manager would be an empty box: the book never emits one
        assert WIDGET_VIEW not in page.replace("application/vnd.jupyter.widget-state", "")


def test_formulas_are_mathml_not_a_cdn_script(book):
    page = _page(book, ROOT / "notebooks" / "01_crm_concepts.ipynb").read_text(encoding="utf-8")
    assert page.count("<math") >= 5
    assert "$\\lambda" not in page  # no formula left as raw TeX
    assert not re.search(r"<script[^>]*mathjax", page, flags=re.IGNORECASE)


def test_every_self_check_is_readable_without_a_kernel(book):
    for chapter in CHAPTERS:
        quizzes = [
            o["data"]
            for o in _outputs(chapter)
            if "self-check:" in "".join(o.get("data", {}).get("text/plain", ""))
            and WIDGET_VIEW in o.get("data", {})
        ]
        if not quizzes:
            continue
        assert all("text/html" in data for data in quizzes), (
            f"{chapter.name} stores its self-check without the static HTML that crmkit.quiz "
            f"now gives it: re-execute it with `python3 kit.py execute notebooks/{chapter.name}`"
        )
        page = _page(book, chapter).read_text(encoding="utf-8")
        questions = sum(
            int(re.search(r": (\d+) question", "".join(d["text/plain"]))[1]) for d in quizzes
        )
        assert page.count('class="crmkit-quiz-question"') == questions, chapter.name
        assert page.count("<summary>Show the answer</summary>") == questions, chapter.name


def test_stored_widget_state_is_shown_as_a_snapshot(book):
    for chapter in CHAPTERS:
        notebook = json.loads(chapter.read_text(encoding="utf-8"))
        models = (
            notebook["metadata"]
            .get("widgets", {})
            .get(static_widgets.WIDGET_STATE, {})
            .get("state", {})
        )
        snapshots = [
            o
            for o in _outputs(chapter)
            if WIDGET_VIEW in o.get("data", {})
            and "text/html" not in o["data"]
            and o["data"][WIDGET_VIEW]["model_id"] in models
        ]
        page = _page(book, chapter).read_text(encoding="utf-8")
        assert page.count('class="crmkit-widget-note"') == len(snapshots), chapter.name
        assert "widget-state+json" not in page, f"{chapter.name}: unused widget state shipped"


# ---------------------------------------------------------------- static widgets


def _state(model_name: str, **state) -> dict:
    return {"model_name": model_name, "state": state}


def _notebook(models: dict, outputs: list[dict]) -> dict:
    return {
        "metadata": {
            "widgets": {static_widgets.WIDGET_STATE: {"state": models, "version_major": 2}}
        },
        "cells": [{"cell_type": "code", "outputs": outputs}],
    }


def _view(model_id: str, **more) -> dict:
    return {
        "output_type": "display_data",
        "data": {WIDGET_VIEW: {"model_id": model_id}, "text/plain": "Widget(...)", **more},
    }


def test_a_stored_widget_tree_becomes_static_html():
    models = {
        "w0": _state("VBoxModel", children=["IPY_MODEL_w1", "IPY_MODEL_w4", "IPY_MODEL_w5"]),
        "w1": _state("HBoxModel", children=["IPY_MODEL_w2", "IPY_MODEL_w3"], layout="x"),
        "w2": _state("IntSliderModel", value=4, min=2, max=10, step=1, description="bins"),
        "w3": _state(
            "ToggleButtonsModel",
            _options_labels=["independent", "nested"],
            index=1,
            description="sorting",
        ),
        "w4": _state("HTMLModel", value="<b>8</b> of 25 cells beat break-even."),
        "w5": _state(
            "OutputModel",
            outputs=[
                {"output_type": "stream", "name": "stdout", "text": "a < b\n"},
                {"output_type": "display_data", "data": {"image/png": "iVBORw0KGgo=\n"}},
            ],
        ),
        "layout": _state("LayoutModel"),
    }
    notebook = _notebook(models, [_view("w0")])
    assert static_widgets.add_static_widgets(notebook) == 1
    assert "widgets" not in notebook["metadata"]  # the state is not shipped twice
    page = notebook["cells"][0]["outputs"][0]["data"]["text/html"]
    assert page.startswith('<div class="crmkit-widget">')
    assert page.index("bins") < page.index("sorting") < page.index("beat break-even")
    assert 'type="range" disabled min="2" max="10" step="1" value="4"' in page
    assert "<output>4</output>" in page
    assert '<button type="button" disabled>independent</button>' in page
    assert 'class="crmkit-widget-selected" aria-pressed="true">nested</button>' in page
    assert "<b>8</b> of 25 cells" in page  # an HTML widget's value is HTML
    assert "<pre>a &lt; b\n</pre>" in page
    assert '<img alt="plot" src="data:image/png;base64,iVBORw0KGgo=">' in page
    assert "crmkit-widget-row" in page and "crmkit-widget-column" in page
    assert static_widgets.NOTE in page


def test_controls_show_their_stored_values_and_unknown_widgets_say_so():
    models = {
        "w0": _state("VBoxModel", children=[f"IPY_MODEL_w{i}" for i in range(1, 7)]),
        "w1": _state("RadioButtonsModel", _options_labels=["A", "B <i>"], index=None),
        "w2": _state("DropdownModel", _options_labels=["x", "y"], index=1, description="pick"),
        "w3": _state("BoundedFloatTextModel", value=6.0, description="cost/piece"),
        "w4": _state("CheckboxModel", value=True, description="show all"),
        "w5": _state("ButtonModel", description="Check"),
        "w6": _state("PlayModel", value=3),
    }
    notebook = _notebook(models, [_view("w0")])
    static_widgets.add_static_widgets(notebook)
    page = notebook["cells"][0]["outputs"][0]["data"]["text/html"]
    assert page.count('type="radio" disabled>') == 2  # nothing was chosen
    assert "B &lt;i&gt;" in page
    assert "<option>x</option><option selected>y</option>" in page
    assert 'type="number" disabled value="6.0"' in page
    assert 'type="checkbox" disabled checked> show all' in page
    assert '<button type="button" disabled>Check</button>' in page
    assert "[Play: shown only in JupyterLab]" in page


def test_outputs_with_their_own_html_or_without_stored_state_are_left_alone():
    quiz_output = _view("w0", **{"text/html": "<div>static quiz</div>"})
    lost = _view("gone")
    notebook = _notebook({"w0": _state("VBoxModel", children=[])}, [quiz_output, lost])
    before = json.loads(json.dumps(notebook["cells"]))
    assert static_widgets.add_static_widgets(notebook) == 0
    assert notebook["cells"] == before
    assert static_widgets.add_static_widgets({"metadata": {}, "cells": []}) == 0


# ---------------------------------------------------------------- in Chromium


@pytest.fixture(scope="module")
def served(book):
    """The book over HTTP on a free local port, as a published site would be."""
    handler = functools.partial(_QuietHandler, directory=str(book))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # the base class names it format
        pass


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(
            "/usr/bin/chromium is missing: install Debian's chromium (apt-get install "
            "chromium; .ci/run does) to check the book in a browser"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield launched
        launched.close()


def _visit(browser, url: str, base: str, shot: str | None = None):
    """Open ``url``; return (page, problems) with every failed or outside request."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    problems: list[str] = []

    def route(request_route):
        if request_route.request.url.startswith(base):
            request_route.continue_()
        else:
            problems.append(f"outside request {request_route.request.url}")
            request_route.abort()

    page.route("**/*", route)
    page.on("requestfailed", lambda r: problems.append(f"failed {r.url}"))
    page.on(
        "response",
        lambda r: problems.append(f"HTTP {r.status} {r.url}") if r.status >= 400 else None,
    )
    page.goto(url, wait_until="load")
    if shot:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{shot}.png"))
    return page, problems


def _ids(text: str) -> set[str]:
    return {html.unescape(m) for m in re.findall(r'\bid="([^"]+)"', text)}


PAGES = ["index.html", "docs/glossary.html", "exercises/README.html"] + [
    f"notebooks/{c.stem}.html" for c in CHAPTERS
]


@pytest.fixture(scope="module")
def visits(browser, served) -> dict[str, dict]:
    """Open every page once in Chromium; keep its images, links, title and problems."""
    seen = {}
    for name in PAGES:
        shot = Path(name).stem if name.startswith("notebooks/") else None
        page, problems = _visit(browser, served + name, served, shot=shot)
        try:
            seen[name] = {
                "images": page.eval_on_selector_all(
                    "article img",
                    "els => els.map(e => ({src: e.getAttribute('src'), w: e.naturalWidth}))",
                ),
                "links": page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"),
                "title": page.title(),
                "problems": problems,
            }
        finally:
            page.close()
    return seen


def test_pages_load_only_from_the_book_in_chromium(visits):
    problems = {name: seen["problems"] for name, seen in visits.items() if seen["problems"]}
    assert not problems, problems


def test_chapter_pages_render_their_plots_in_chromium(visits):
    for chapter in CHAPTERS:
        seen = visits[f"notebooks/{chapter.stem}.html"]
        plots = sum("image/png" in o.get("data", {}) for o in _outputs(chapter))
        images = seen["images"]
        assert len(images) >= plots, f"{chapter.name}: {plots} plots, {len(images)} images"
        broken = [i["src"] for i in images if i["w"] == 0]
        assert not broken, f"{chapter.name}: images that did not load: {broken}"
        assert seen["title"].startswith(f"Chapter {int(chapter.name[:2])}"), seen["title"]


def test_no_internal_link_is_broken(visits, served):
    checked: dict[str, set[str]] = {}
    broken = []
    for name, seen in visits.items():
        for href in seen["links"]:
            if not href.startswith(served):
                continue
            target, _, fragment = href.partition("#")
            if target not in checked:
                try:
                    with urllib.request.urlopen(target, timeout=10) as response:
                        body = response.read().decode("utf-8", errors="replace")
                    checked[target] = _ids(body) if target.endswith(".html") else set()
                except OSError as error:
                    broken.append(f"{name} -> {href} ({error})")
                    checked[target] = set()
                    continue
            if fragment and target.endswith(".html"):
                if urllib.parse.unquote(fragment) not in checked[target]:
                    broken.append(f"{name} -> {href} (no such anchor)")
    assert not broken, "\n".join(broken)
    downloads = [t for t in checked if "/_downloads/" in t]
    assert len(downloads) >= 7, "the chapters link their exercise sets as downloads"


def test_glossary_page_lists_every_term_in_chromium(browser, served):
    source = (ROOT / "docs" / "glossary.md").read_text(encoding="utf-8")
    terms = [
        line.split("|")[1].strip()
        for line in source.split("## All terms")[1].splitlines()
        if line.startswith("| ") and not line.startswith("| Term ")
    ]
    assert len(terms) > 100
    page, problems = _visit(browser, served + "docs/glossary.html", served, shot="glossary")
    try:
        rows = page.eval_on_selector_all(
            "#all-terms table tbody tr", "els => els.map(e => e.cells[0].innerText.trim())"
        )
        # MyST prints typographic apostrophes: Cronbach's -> Cronbach’s
        assert [row.replace("\u2019", "'") for row in rows] == terms
        assert not problems, problems
    finally:
        page.close()


def test_search_finds_the_chapters_in_chromium(browser, served):
    page, problems = _visit(browser, served + "search.html?q=loyalty", served)
    try:
        page.wait_for_selector("#search-results ul.search li", timeout=30_000)
        page.wait_for_function(
            "() => document.querySelector('#search-results p.search-summary')"
            " && !document.querySelector('#search-results p.search-summary')"
            ".innerText.includes('Preparing')",
            timeout=30_000,
        )
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "search.png"))
        links = page.eval_on_selector_all(
            "#search-results ul.search li a", "els => els.map(e => e.getAttribute('href'))"
        )
        assert any("04_loyalty_factors" in link for link in links), links
        assert not problems, problems
    finally:
        page.close()


def test_search_box_on_a_chapter_leads_to_results_in_chromium(browser, served):
    page, problems = _visit(browser, served + "notebooks/03_rfm.html", served)
    try:
        page.keyboard.press("Control+k")
        box = page.locator("input[name='q']:visible").first
        box.fill("recency")
        box.press("Enter")
        page.wait_for_url("**/search.html?q=recency*", timeout=30_000)
        page.wait_for_selector("#search-results ul.search li", timeout=30_000)
        assert not problems, problems
    finally:
        page.close()
