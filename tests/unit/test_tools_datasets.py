"""Tests of tools/datasets.py: regenerating the shipped files byte for byte, the README
generated from the schema, and the maintainer command line."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from crmkit import datasets as D
from crmkit import params as P
from crmkit import schema as S
from tools import datasets as T

REPO = Path(__file__).resolve().parents[2]
SHIPPED = REPO / "datasets"


@pytest.fixture(scope="module")
def manifest():
    return pd.read_csv(SHIPPED / "manifest.csv")


def test_regeneration_is_byte_for_byte(tmp_path, manifest):
    written = T.regenerate(tmp_path)
    pd.testing.assert_frame_equal(written, manifest)
    for row in manifest.itertuples():
        assert hashlib.sha256((tmp_path / row.file).read_bytes()).hexdigest() == row.sha256
    assert (tmp_path / "README.md").read_bytes() == (SHIPPED / "README.md").read_bytes()
    assert (tmp_path / "manifest.csv").read_bytes() == (SHIPPED / "manifest.csv").read_bytes()
    assert hashlib.sha256((tmp_path / "manifest.csv").read_bytes()).hexdigest() == (
        D.MANIFEST_SHA256
    )
    # what was written loads, checksums and all
    assert len(D.load_dataset("truth", directory=tmp_path)) == 4000


def test_readme_is_generated_from_the_data_cards(manifest):
    readme = (SHIPPED / "README.md").read_text(encoding="utf-8")
    assert readme == T.render_readme(manifest)
    assert T.render_readme() == readme  # the installed manifest by default
    for name in D.list_datasets():
        assert f"### `{name}`" in readme
        for col in S.SCHEMA[name]:
            assert f"| `{col.name}` |" in readme
    for param in P.PARAMS:
        assert f"| `{param}` |" in readme
    assert "zone of indifference" in readme  # the causal story is on the page
    assert "python -m crmkit.datasets" not in readme  # the command moved out of the package


def test_the_causal_story_is_the_world_docstrings():
    from crmkit import world

    assert world.CAUSAL_STORY.strip() in world.__doc__
    assert world.__doc__.index("The causal story") < world.__doc__.index("Everything random")


def test_command_line_regenerate_and_verify(tmp_path, capsys):
    assert T.main(["regenerate", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "wrote 13 files" in out
    assert f"manifest.csv SHA-256 {D.MANIFEST_SHA256}" in out
    assert "The manifest changed" not in out
    assert T.main(["verify", "--dir", str(tmp_path)]) == 0
    assert "all files match" in capsys.readouterr().out
    (tmp_path / "exits.csv").write_text("damaged\n")
    assert T.main(["verify", "--dir", str(tmp_path)]) == 1
    captured = capsys.readouterr()
    assert "exits.csv is damaged" in captured.err and "1 file(s) failed" in captured.out
    assert T.main(["list"]) == 0
    assert "customers" in capsys.readouterr().out


def test_regenerate_says_when_the_pinned_hash_must_change(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(D, "MANIFEST_SHA256", "0" * 64)
    assert T.main(["regenerate", "--out", str(tmp_path)]) == 0
    assert "set MANIFEST_SHA256 in crmkit/datasets.py" in capsys.readouterr().out


def test_module_runs_as_a_script(tmp_path):
    out = subprocess.run(
        [sys.executable, "-m", "tools.datasets", "regenerate", "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=True,
    )
    assert "manifest.csv" in out.stdout
    assert (tmp_path / "truth.csv").is_file()


def test_bad_command_line_exits_2(capsys):
    with pytest.raises(SystemExit) as exc:
        T.main(["regenerate", "--bogus"])
    assert exc.value.code == 2
    assert "usage: python3 kit.py datasets" in capsys.readouterr().err
