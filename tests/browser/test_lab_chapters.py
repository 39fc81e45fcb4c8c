"""Chapters 1 and 3 in a real JupyterLab, driven by Debian's Chromium through Playwright.

What a student does: open the chapter, restart the kernel and run all cells, then use
the self-check (chapter 1) and the RFM explorer (chapter 3). The tests assert that both
render as widgets (not as their text repr), that choosing an answer or moving the slider
changes what is shown, and that no cell shows an error. A screenshot of every step goes
to ``tests/_artifacts/browser/`` (git-ignored).

JupyterLab serves a *copy* of the notebooks from a temporary folder (it autosaves), with
its own temporary config, data and runtime folders, so the committed files and the
user's settings are never touched. The kit never downloads a browser: the tests use
``/usr/bin/chromium`` (``apt-get install chromium``; ``.ci/run`` installs it) or the
one ``CRMKIT_CHROMIUM`` names, and are skipped with the reason when there is none
(except under CI, where they fail).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest

import kit
from tools import nbtools

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("CRMKIT_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = ROOT / "tests" / "_artifacts" / "browser"
CHAPTERS = ["00_getting_started.ipynb", "01_crm_concepts.ipynb", "03_rfm.ipynb"]
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Bounded waits (milliseconds): generous for a loaded 2-core machine, never endless.
START_MS = 120_000
RUN_ALL_MS = 300_000
UPDATE_MS = 60_000
RENDER_MS = 20_000

# CI (which sets CI=true) installs Chromium, so there a missing browser fails the tests
# instead of skipping them: a green CI run always includes them.
REQUIRED = os.environ.get("CI", "").lower() in {"1", "true", "yes"}

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.is_file() and not REQUIRED,
        reason=f"no Chromium at {CHROMIUM}: install it (Debian/Ubuntu: "
        "`apt-get install chromium`) or set CRMKIT_CHROMIUM to a Chromium binary",
    ),
]


def _digests() -> dict[str, str]:
    return {
        name: hashlib.sha256((ROOT / "notebooks" / name).read_bytes()).hexdigest()
        for name in CHAPTERS
    }


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def committed():
    """The committed notebooks' digests, checked again after the last test."""
    before = _digests()
    yield before
    assert _digests() == before, "a browser test changed a committed notebook"


@pytest.fixture(scope="module")
def lab(tmp_path_factory, committed):
    """A JupyterLab on a free local port serving copies of the chapters; yields its URL."""
    tmp = tmp_path_factory.mktemp("lab")
    served = tmp / "root" / "notebooks"
    served.mkdir(parents=True)
    for name in CHAPTERS:
        shutil.copy2(ROOT / "notebooks" / name, served / name)
    port, token = _free_port(), "crmkit-browser-test"
    cmd = kit.lab_command(
        Path(sys.executable),
        "--no-browser",
        "--ip=127.0.0.1",
        f"--port={port}",
        "--ServerApp.port_retries=0",  # a port taken meanwhile fails at once, not later
        f"--IdentityProvider.token={token}",
        f"--ServerApp.runtime_dir={tmp / 'runtime'}",
        # Lets the test ask JupyterLab's own model whether the cells ran and what they show.
        "--LabApp.expose_app_in_browser=True",
        root_dir=tmp / "root",
    )
    env = {
        "JUPYTER_CONFIG_DIR": str(tmp / "config"),
        "JUPYTER_DATA_DIR": str(tmp / "data"),
        "HOME": str(tmp),
        "PATH": str(Path(sys.executable).parent),
    }
    log = (tmp / "lab.log").open("w")
    server = subprocess.Popen(cmd, cwd=tmp, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_MS / 1000
        while True:
            try:
                with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=5):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    log.flush()
                    pytest.fail(
                        "JupyterLab did not start:\n" + (tmp / "lab.log").read_text()[-3000:]
                    )
                time.sleep(0.5)
        yield {"base": base, "token": token, "root": tmp / "root", "env": env}
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    """Debian's Chromium with a fresh profile, driven by Playwright (no download)."""
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.is_file():
        pytest.fail(f"CI=true but there is no Chromium at {CHROMIUM}: .ci/run installs it")
    shutil.rmtree(ARTIFACTS, ignore_errors=True)  # no screenshot left from an earlier run
    ARTIFACTS.mkdir(parents=True)
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_FLAGS,
            viewport={"width": 1400, "height": 1000},
        )
        context.set_default_timeout(UPDATE_MS)
        try:
            yield context
        finally:
            context.close()


@pytest.fixture
def page(browser):
    page = browser.new_page()
    yield page
    page.close()


def _shot(page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def _open(page, lab, name: str, folder: str = "notebooks") -> None:
    """Open a notebook alone (``reset``: no tabs of earlier tests) and wait for its kernel."""
    path = f"{folder}/{name}"
    page.goto(f"{lab['base']}/lab/tree/{path}?reset&token={lab['token']}")
    page.wait_for_function(
        """(path) => {
            const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
            const kernel = w && w.sessionContext && w.sessionContext.session
                && w.sessionContext.session.kernel;
            return w && w.context && w.context.path === path
                && kernel && kernel.status === 'idle';
        }""",
        arg=path,
        timeout=START_MS,
    )


def _restart_and_run_all(page) -> None:
    """Kernel > Restart Kernel and Run All Cells, confirm, wait until every cell ran."""
    page.evaluate(
        """() => {
            window.crmkitRunAll = undefined;
            window.jupyterapp.commands.execute('notebook:restart-run-all').then(
                (ok) => { window.crmkitRunAll = String(ok); },
                (err) => { window.crmkitRunAll = 'error: ' + err; });
        }"""
    )
    page.locator(".jp-Dialog .jp-mod-accept").click()
    page.wait_for_function("() => window.crmkitRunAll !== undefined", timeout=RUN_ALL_MS)
    # Every code cell with source has an execution count, and the kernel is idle again.
    page.wait_for_function(
        """() => {
            const w = window.jupyterapp.shell.currentWidget;
            const cells = w.content.model.cells;
            for (let i = 0; i < cells.length; i++) {
                const c = cells.get(i);
                if (c.type === 'code' && c.sharedModel.getSource().trim()
                    && c.executionCount === null) { return false; }
            }
            return w.sessionContext.session.kernel.status === 'idle';
        }""",
        timeout=RUN_ALL_MS,
    )


def _errors(page) -> list[str]:
    """The error outputs every cell shows, as 'cell N: Name: value'."""
    return page.evaluate(
        """() => {
            const cells = window.jupyterapp.shell.currentWidget.content.model.cells;
            const found = [];
            for (let i = 0; i < cells.length; i++) {
                const c = cells.get(i);
                if (c.type !== 'code') continue;
                for (let j = 0; j < c.outputs.length; j++) {
                    const o = c.outputs.get(j).toJSON();
                    if (o.output_type === 'error') {
                        found.push(`cell ${i}: ${o.ename}: ${o.evalue}`);
                    }
                }
            }
            return found;
        }"""
    )


def _cell_calling(page, call: str) -> int:
    """Index of the last code cell whose source contains ``call``."""
    index = page.evaluate(
        """(call) => {
            const cells = window.jupyterapp.shell.currentWidget.content.model.cells;
            let found = -1;
            for (let i = 0; i < cells.length; i++) {
                const c = cells.get(i);
                if (c.type === 'code' && c.sharedModel.getSource().includes(call)) found = i;
            }
            return found;
        }""",
        call,
    )
    assert index >= 0, f"no cell calls {call!r}"
    return index


def _output_of(page, index: int):
    """The output area of cell ``index``, scrolled into view (cells render lazily)."""
    page.evaluate(
        """async (i) => {
            const nb = window.jupyterapp.shell.currentWidget.content;
            nb.activeCellIndex = i;
            await nb.scrollToItem(i, 'start');
            nb.widgets[i].node.setAttribute('data-crmkit-cell', String(i));
        }""",
        index,
    )
    return page.locator(f'[data-crmkit-cell="{index}"] .jp-OutputArea')


def _assert_widget(output, widget_selector: str, repr_start: str) -> None:
    """The output shows the live widget, not its text repr nor a static HTML version."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        # The cells have run, so the view is there or renders within moments.
        output.locator(widget_selector).first.wait_for(state="visible", timeout=RENDER_MS)
        rendered = True
    except PlaywrightTimeout:
        rendered = False
    if not rendered:
        shown = output.inner_text(timeout=5_000)[:300]
        pytest.fail(
            f"the widget did not render: no {widget_selector!r} in the output, which "
            f"shows instead:\n{shown}"
        )
    text = output.inner_text()
    assert repr_start not in text, f"the output shows the text repr:\n{text[:300]}"


def _run_chapter(page, lab, name: str, step: str) -> None:
    _open(page, lab, name)
    _shot(page, f"{step}-1-opened")
    _restart_and_run_all(page)
    _shot(page, f"{step}-2-ran-all")
    errors = _errors(page)
    assert not errors, f"{name} shows errors after Run All:\n" + "\n".join(errors)


def test_chapter_1_self_check_answers(page, lab):
    _run_chapter(page, lab, "01_crm_concepts.ipynb", "ch01")
    output = _output_of(page, _cell_calling(page, "quiz("))
    _assert_widget(output, ".widget-radio-box", "Quiz(")
    # One question: a column (VBox) holding the radio buttons, the Check button, feedback.
    question = output.locator(".widget-vbox:has(> .widget-radio)").first
    question.scroll_into_view_if_needed()
    _shot(page, "ch01-3-quiz")
    before = question.inner_text()
    question.locator(".widget-radio-box label").first.click()
    question.locator("button", has_text="Check").click()
    feedback = question.locator(".widget-html").last
    # The kernel grades the answer and fills the feedback line under the button.
    feedback.filter(has_text=re.compile(r"Correct|Not quite")).wait_for(timeout=UPDATE_MS)
    after = question.inner_text()
    _shot(page, "ch01-4-answered")
    assert after != before
    assert re.search(r"Correct|Not quite", after), after


def test_chapter_3_explorer_slider(page, lab):
    _run_chapter(page, lab, "03_rfm.ipynb", "ch03")
    explorer = _output_of(page, _cell_calling(page, "rfm_explorer("))
    _assert_widget(explorer, ".widget-slider", "RFMExplorer(")
    explorer.scroll_into_view_if_needed()
    _shot(page, "ch03-3-explorer")
    slider = explorer.locator(".widget-slider").first
    readout = slider.locator(".widget-readout")
    bins_before, text_before = readout.inner_text(), explorer.inner_text()
    slider.locator(".noUi-handle").click()
    page.keyboard.press("ArrowRight")
    # The readout moves at once; the verdict and the table change when the kernel answers.
    page.wait_for_function(
        "([node, old]) => node.innerText !== old",
        arg=[explorer.element_handle(), text_before],
        timeout=UPDATE_MS,
    )
    page.wait_for_function(
        """() => window.jupyterapp.shell.currentWidget.sessionContext.session
                  .kernel.status === 'idle'""",
        timeout=UPDATE_MS,
    )
    _shot(page, "ch03-4-slider-moved")
    assert readout.inner_text() == str(int(bins_before) + 1)
    text_after = explorer.inner_text()
    changed = [line for line in text_after.splitlines() if line not in text_before.splitlines()]
    assert len(changed) > 1, "moving the slider changed only the readout, not the result"
    assert not _errors(page), _errors(page)


def test_chapter_3_before_running_shows_the_stored_explorer(page, lab):
    """A chapter executed by tools.nbtools shows its stored widgets before it is run.

    JupyterLab renders widgets only from trusted outputs: a notebook the user did not
    run or trust shows the text fallback instead, so the copy is trusted first, as
    `jupyter trust` would.
    """
    stored = lab["root"] / "stored"
    (stored / "_sources").mkdir(parents=True)
    shutil.copy2(ROOT / "notebooks" / "_sources" / "03_rfm.py", stored / "_sources")
    nbtools.execute(stored / "_sources" / "03_rfm.py")
    subprocess.run(
        [sys.executable, "-m", "nbformat.sign", str(stored / "03_rfm.ipynb")],
        env=lab["env"],
        check=True,
        capture_output=True,
    )
    _open(page, lab, "03_rfm.ipynb", folder="stored")
    explorer = _output_of(page, _cell_calling(page, "rfm_explorer("))
    _assert_widget(explorer, ".widget-slider", "RFMExplorer(")
    explorer.scroll_into_view_if_needed()
    _shot(page, "ch03-0-stored-explorer-before-running")
    state = nbformat.read(stored / "03_rfm.ipynb", as_version=4).metadata.widgets
    bins = [
        entry["state"]["value"]
        for entry in state[nbtools.WIDGET_STATE]["state"].values()
        if entry["model_name"] == "IntSliderModel" and entry["state"]["description"] == "bins"
    ]
    assert explorer.locator(".widget-slider .widget-readout").first.inner_text() == str(bins[0])
    assert "cells beat break-even" in explorer.inner_text()  # the stored verdict line


def test_no_news_prompt(page, lab):
    """The kit's JupyterLab settings switch off the 'get notified about news?' toast."""
    plugin = "@jupyterlab/apputils-extension:notification"
    url = f"{lab['base']}/lab/api/settings/{plugin}?token={lab['token']}"
    with urllib.request.urlopen(url, timeout=30) as response:
        # The kit's overrides.json changes the defaults, which the schema reports.
        defaults = json.load(response)["schema"]["properties"]
    assert defaults["fetchNews"]["default"] == "false", defaults["fetchNews"]
    assert defaults["checkForUpdates"]["default"] is False, defaults["checkForUpdates"]
    page.goto(f"{lab['base']}/lab?token={lab['token']}")
    page.wait_for_selector(".jp-LabShell", timeout=START_MS)
    page.wait_for_timeout(8_000)  # without the setting, JupyterLab asks within seconds
    _shot(page, "lab-first-page")
    assert page.get_by_text("Jupyter news").count() == 0, "the Jupyter news prompt is shown"
