"""The maintainer's glossary command (tools/glossary.py, run as `python3 kit.py glossary`)."""

from __future__ import annotations

from crmkit import glossary as gl
from tools.glossary import main


def test_command_line_prints_the_page(capsysbinary):
    assert main([]) == 0
    assert capsysbinary.readouterr().out.decode("utf-8") == gl.render_markdown()


def test_command_line_writes_and_checks(tmp_path, capsys):
    target = tmp_path / "glossary.md"
    assert main(["--write", str(target)]) == 0
    assert target.read_text(encoding="utf-8") == gl.render_markdown()
    capsys.readouterr()

    good = tmp_path / "good.py"
    good.write_text("# %% [markdown]\n# **RFM** and **cross ratio**\n", encoding="utf-8")
    assert main(["--check", str(good)]) == 0
    bad = tmp_path / "bad.py"
    bad.write_text("# %% [markdown]\n# **important**\n", encoding="utf-8")
    assert main(["--check", str(good), str(bad)]) == 1
    out = capsys.readouterr().out
    assert "**important** is not in the glossary" in out
    assert "3 bold phrases checked, 1 not in the glossary" in out
