"""tools.nbtools stores widget state with ids that do not change from run to run."""

from __future__ import annotations

import copy
import uuid
from pathlib import Path

import nbformat
import pytest

from tools import nbtools
from tools.nbtools import WIDGET_STATE, WIDGET_VIEW, renumber_widgets


def _model(name: str, **state) -> dict:
    return {
        "model_module": "@jupyter-widgets/controls",
        "model_module_version": "2.0.0",
        "model_name": name,
        "state": {"_model_name": name, **state},
    }


def _view(model_id: str) -> dict:
    return {
        "output_type": "display_data",
        "metadata": {},
        "data": {
            WIDGET_VIEW: {"model_id": model_id, "version_major": 2, "version_minor": 0},
            "text/plain": ["Box(...)"],
        },
    }


def _notebook(ids: dict[str, str]) -> nbformat.NotebookNode:
    """Two cells showing widgets, a third model never shown; ``ids`` names them."""
    ref = {key: f"IPY_MODEL_{value}" for key, value in ids.items()}
    states = {
        # Deliberately stored in another order than the outputs show them.
        ids["orphan"]: _model("IntSliderModel", layout=ref["orphan_layout"]),
        ids["orphan_layout"]: _model("LayoutModel"),
        ids["slider"]: _model("IntSliderModel", layout=ref["slider_layout"], value=5),
        ids["box"]: _model(
            "VBoxModel", children=[ref["label"], ref["slider"]], layout=ref["box_layout"]
        ),
        ids["box_layout"]: _model("LayoutModel"),
        ids["slider_layout"]: _model("LayoutModel"),
        ids["label"]: _model("HTMLModel", value="<b>bins</b>", layout=ref["label_layout"]),
        ids["label_layout"]: _model("LayoutModel"),
        ids["button"]: _model("ButtonModel", description="Check"),
    }
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# A chapter"),
        nbformat.v4.new_code_cell("box", outputs=[_view(ids["box"])]),
        nbformat.v4.new_code_cell("button", outputs=[_view(ids["button"])]),
    ]
    nb.metadata["widgets"] = {
        WIDGET_STATE: {"state": states, "version_major": 2, "version_minor": 0}
    }
    return nbformat.from_dict(nb)


NAMES = [
    "box",
    "box_layout",
    "label",
    "label_layout",
    "slider",
    "slider_layout",
    "button",
    "orphan",
    "orphan_layout",
]


def _random_ids() -> dict[str, str]:
    return {name: uuid.uuid4().hex for name in NAMES}


def _state(nb) -> dict:
    return nb.metadata["widgets"][WIDGET_STATE]["state"]


def test_ids_follow_the_order_of_appearance():
    nb = renumber_widgets(_notebook(_random_ids()))
    # Views cell by cell; each view's references depth-first, keys sorted
    # (children before layout; the label before the slider, as in children).
    order = ["box", "label", "label_layout", "slider", "slider_layout", "box_layout", "button"]
    state = _state(nb)
    assert list(state) == [f"widget-{i:03d}" for i in range(len(order))]
    assert [state[key]["model_name"] for key in state] == [
        "VBoxModel",
        "HTMLModel",
        "LayoutModel",
        "IntSliderModel",
        "LayoutModel",
        "LayoutModel",
        "ButtonModel",
    ]
    box = state["widget-000"]["state"]
    assert box["children"] == ["IPY_MODEL_widget-001", "IPY_MODEL_widget-003"]
    assert box["layout"] == "IPY_MODEL_widget-005"
    assert state["widget-003"]["state"]["layout"] == "IPY_MODEL_widget-004"
    assert state["widget-003"]["state"]["value"] == 5
    views = [cell.outputs[0]["data"][WIDGET_VIEW]["model_id"] for cell in nb.cells[1:]]
    assert views == ["widget-000", "widget-006"]


def test_models_no_view_reaches_are_dropped():
    state = _state(renumber_widgets(_notebook(_random_ids())))
    assert len(state) == 7  # of 9: the orphan slider and its layout were never shown
    assert all(
        entry["model_name"] != "IntSliderModel" or entry["state"]["value"] == 5
        for entry in state.values()
    )


def test_two_runs_with_different_random_ids_store_the_same_bytes():
    first = nbformat.writes(nbtools._canonical(_notebook(_random_ids())))
    second = nbformat.writes(nbtools._canonical(_notebook(_random_ids())))
    assert first == second
    assert "IPY_MODEL_widget-" in first


def test_renumbering_twice_changes_nothing():
    once = renumber_widgets(_notebook(_random_ids()))
    twice = renumber_widgets(copy.deepcopy(once))
    assert twice == once


def test_a_notebook_without_widgets_is_left_alone():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")])
    before = copy.deepcopy(nb)
    assert renumber_widgets(nb) == before


def test_an_output_widgets_nested_view_and_message_id():
    nb = _notebook(_random_ids())
    out_id, inner_id = uuid.uuid4().hex, uuid.uuid4().hex
    state = _state(nb)
    state[out_id] = _model("OutputModel", msg_id="a-random-message", outputs=[_view(inner_id)])
    state[inner_id] = _model("ButtonModel", description="inner")
    nb.cells.append(nbformat.v4.new_code_cell("out", outputs=[_view(out_id)]))
    state = _state(renumber_widgets(nb))
    output = state["widget-007"]
    assert output["model_name"] == "OutputModel"
    assert output["state"]["msg_id"] == ""
    assert output["state"]["outputs"][0]["data"][WIDGET_VIEW]["model_id"] == "widget-008"
    assert state["widget-008"]["state"]["description"] == "inner"


def test_consecutive_prints_are_one_output():
    cell = nbformat.v4.new_code_cell(
        "print(1); print(2)",
        outputs=[
            nbformat.v4.new_output("stream", name="stdout", text="1\n"),
            nbformat.v4.new_output("stream", name="stdout", text="2\n"),
            nbformat.v4.new_output("stream", name="stderr", text="warning\n"),
            nbformat.v4.new_output("stream", name="stdout", text="3\n"),
        ],
    )
    nb = nbtools._canonical(nbformat.v4.new_notebook(cells=[cell]))
    texts = [(out["name"], out["text"]) for out in nb.cells[0].outputs]
    assert texts == [("stdout", "1\n2\n"), ("stderr", "warning\n"), ("stdout", "3\n")]


def test_executing_a_widget_notebook_twice_changes_nothing(tmp_path):
    """A real kernel draws new random model ids each run; the stored file stays the same."""
    source = tmp_path / "_sources" / "01_demo.py"
    source.parent.mkdir()
    source.write_text(
        "# %%\nimport ipywidgets as widgets\n\n"
        "# %%\nwidgets.VBox([widgets.IntSlider(value=3), widgets.HTML('<b>hi</b>')])\n"
        "# %%\nprint('a')\nprint('b')\n",
        encoding="utf-8",
    )
    ipynb = nbtools.execute(source)
    first = ipynb.read_bytes()
    nbtools.execute(ipynb)
    assert ipynb.read_bytes() == first
    nb = nbformat.read(ipynb, as_version=4)
    # The box, the slider and the HTML, their three layouts, the slider's and HTML's styles.
    assert list(_state(nb)) == [f"widget-{i:03d}" for i in range(8)]
    view = nb.cells[1].outputs[0]["data"][WIDGET_VIEW]
    assert view["model_id"] == "widget-000"
    assert [out["text"] for out in nb.cells[2].outputs] == ["a\nb\n"]
    assert WIDGET_STATE not in source.read_text(encoding="utf-8")  # the twin stays small


CHAPTERS = sorted((Path(__file__).resolve().parents[2] / "notebooks").glob("[0-9][0-9]_*.ipynb"))


@pytest.mark.parametrize("path", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_committed_chapters_store_their_widgets_with_canonical_ids(path):
    """A chapter shows its widgets before it is run, and a re-run would not rename them."""
    nb = nbformat.read(path, as_version=4)
    views = [
        output["data"][WIDGET_VIEW]["model_id"]
        for cell in nb.cells
        for output in cell.get("outputs", [])
        if WIDGET_VIEW in output.get("data", {})
    ]
    stored = nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    missing = [model_id for model_id in views if model_id not in stored]
    assert not missing, (
        f"{path.name} shows widgets whose state it does not store ({len(missing)} of "
        f"{len(views)}): run `python3 kit.py execute notebooks/{path.name}`"
    )
    assert renumber_widgets(copy.deepcopy(nb)) == nb, (
        f"{path.name} stores widget ids that tools.nbtools would renumber: re-execute it"
    )
