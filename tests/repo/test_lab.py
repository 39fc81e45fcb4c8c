"""The README's lab command really starts JupyterLab serving the notebooks."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import kit

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_lab_serves_the_notebooks(tmp_path):
    port, token = _free_port(), "crmkit-test-token"
    cmd = kit.lab_command(
        Path(sys.executable),
        "--no-browser",
        "--ip=127.0.0.1",
        f"--port={port}",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.runtime_dir={tmp_path / 'runtime'}",
    )
    env = {
        "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
        "HOME": str(tmp_path),
        "PATH": str(Path(sys.executable).parent),
    }
    server = subprocess.Popen(
        cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{port}/api/contents/notebooks?token={token}"
    try:
        listing, deadline = None, time.monotonic() + 90
        while time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    listing = json.load(response)
                break
            except OSError:
                time.sleep(0.5)
        assert listing is not None, "JupyterLab did not answer within 90 seconds"
        names = {item["name"] for item in listing["content"]}
        assert "00_getting_started.ipynb" in names
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/lab?token={token}") as page:
            assert page.status == 200
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()


def test_lab_trusts_the_chapters_so_their_stored_widgets_show(tmp_path, monkeypatch):
    import nbformat
    from nbformat.sign import NotebookNotary

    monkeypatch.setenv("JUPYTER_DATA_DIR", str(tmp_path))
    chapter = ROOT / "notebooks" / "03_rfm.ipynb"
    notary = NotebookNotary(data_dir=str(tmp_path))
    nb = nbformat.read(chapter, as_version=4)
    assert not notary.check_signature(nb)
    before = chapter.read_bytes()
    kit.trust_notebooks(Path(sys.executable))
    notary = NotebookNotary(data_dir=str(tmp_path))
    assert notary.check_signature(nbformat.read(chapter, as_version=4))
    assert chapter.read_bytes() == before  # trust is recorded beside, not in, the file
