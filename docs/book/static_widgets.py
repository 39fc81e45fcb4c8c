"""Static HTML for the widget state a notebook stored, so the book shows each widget as
it was left when the chapter ran.

The book has no kernel and loads no widget manager (that would come from a CDN). When a
chapter was executed with its widget state stored (``tools.nbtools execute`` does), this
module turns each stored widget into plain HTML: boxes become rows and columns, HTML and
labels are shown as they are, controls (sliders, number boxes, toggle buttons, radio
buttons, drop-downs, check boxes, buttons) are drawn disabled at their stored value, and
an Output widget shows its stored outputs. The result is added to the output as
``text/html``, which the book prefers to the widget view. An output that already has
``text/html`` (the self-checks give their own, with the answers) is left alone.

Only the staged copy of a notebook is changed, never the committed file.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from typing import Any

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
NOTE = (
    '<p class="crmkit-widget-note">A snapshot of this widget as the chapter left it; '
    "run the notebook in JupyterLab to use it.</p>"
)

Models = Mapping[str, Mapping[str, Any]]


def _ref(value: object) -> str | None:
    if isinstance(value, str) and value.startswith("IPY_MODEL_"):
        return value.removeprefix("IPY_MODEL_")
    return None


def _label(state: Mapping[str, Any]) -> str:
    text = state.get("description") or ""
    if not text:
        return ""
    shown = text if state.get("description_allow_html") else html.escape(str(text))
    return f'<span class="crmkit-widget-label">{shown}</span> '


def _attr(value: object) -> str:
    return html.escape(str(value), quote=True)


def _box(direction: str) -> Callable[[Mapping[str, Any], Models, int], str]:
    def render(state: Mapping[str, Any], models: Models, depth: int) -> str:
        inner = "".join(
            _render(ref, models, depth + 1)
            for ref in (_ref(child) for child in state.get("children", []))
            if ref is not None
        )
        return f'<div class="crmkit-widget-box crmkit-widget-{direction}">{inner}</div>'

    return render


def _html(state: Mapping[str, Any], models: Models, depth: int) -> str:
    return f'<div class="crmkit-widget-html">{_label(state)}{state.get("value", "")}</div>'


def _text_label(state: Mapping[str, Any], models: Models, depth: int) -> str:
    return f'<span class="crmkit-widget-text">{html.escape(str(state.get("value", "")))}</span>'


def _slider(state: Mapping[str, Any], models: Models, depth: int) -> str:
    value = state.get("value")
    return (
        f'<label class="crmkit-widget-control">{_label(state)}<input type="range" disabled '
        f'min="{_attr(state.get("min", 0))}" max="{_attr(state.get("max", 100))}" '
        f'step="{_attr(state.get("step", 1))}" value="{_attr(value)}"> '
        f"<output>{html.escape(str(value))}</output></label>"
    )


def _number(state: Mapping[str, Any], models: Models, depth: int) -> str:
    return (
        f'<label class="crmkit-widget-control">{_label(state)}<input type="number" disabled '
        f'value="{_attr(state.get("value", ""))}"></label>'
    )


def _text(state: Mapping[str, Any], models: Models, depth: int) -> str:
    return (
        f'<label class="crmkit-widget-control">{_label(state)}<input type="text" disabled '
        f'value="{_attr(state.get("value", ""))}"></label>'
    )


def _options(state: Mapping[str, Any]) -> tuple[list[str], int | None]:
    labels = [str(label) for label in state.get("_options_labels", [])]
    index = state.get("index")
    return labels, index if isinstance(index, int) else None


def _toggle_buttons(state: Mapping[str, Any], models: Models, depth: int) -> str:
    labels, index = _options(state)
    selected = ' class="crmkit-widget-selected" aria-pressed="true"'
    buttons = "".join(
        f'<button type="button" disabled{selected if i == index else ""}>'
        f"{html.escape(label)}</button>"
        for i, label in enumerate(labels)
    )
    return f'<div class="crmkit-widget-control">{_label(state)}{buttons}</div>'


def _radio_buttons(state: Mapping[str, Any], models: Models, depth: int) -> str:
    labels, index = _options(state)
    items = "".join(
        f'<label><input type="radio" disabled{" checked" if i == index else ""}> '
        f"{html.escape(label)}</label><br>"
        for i, label in enumerate(labels)
    )
    return f'<div class="crmkit-widget-control">{_label(state)}{items}</div>'


def _dropdown(state: Mapping[str, Any], models: Models, depth: int) -> str:
    labels, index = _options(state)
    options = "".join(
        f"<option{' selected' if i == index else ''}>{html.escape(label)}</option>"
        for i, label in enumerate(labels)
    )
    return (
        f'<label class="crmkit-widget-control">{_label(state)}'
        f"<select disabled>{options}</select></label>"
    )


def _checkbox(state: Mapping[str, Any], models: Models, depth: int) -> str:
    checked = " checked" if state.get("value") else ""
    return (
        f'<label class="crmkit-widget-control"><input type="checkbox" disabled{checked}> '
        f"{html.escape(str(state.get('description', '')))}</label>"
    )


def _button(state: Mapping[str, Any], models: Models, depth: int) -> str:
    return (
        f'<button type="button" disabled>{html.escape(str(state.get("description", "")))}</button>'
    )


def _output(state: Mapping[str, Any], models: Models, depth: int) -> str:
    parts = []
    for output in state.get("outputs", []):
        if output.get("output_type") == "stream":
            parts.append(f"<pre>{html.escape(''.join(output.get('text', '')))}</pre>")
            continue
        data = output.get("data", {})
        if "image/png" in data:
            png = "".join(data["image/png"]).replace("\n", "")
            parts.append(f'<img alt="plot" src="data:image/png;base64,{png}">')
        elif "text/html" in data:
            parts.append("".join(data["text/html"]))
        elif WIDGET_VIEW in data:
            parts.append(_render(str(data[WIDGET_VIEW].get("model_id", "")), models, depth + 1))
        elif "text/plain" in data:
            parts.append(f"<pre>{html.escape(''.join(data['text/plain']))}</pre>")
    return f'<div class="crmkit-widget-output">{"".join(parts)}</div>'


RENDERERS: dict[str, Callable[[Mapping[str, Any], Models, int], str]] = {
    "VBoxModel": _box("column"),
    "BoxModel": _box("column"),
    "GridBoxModel": _box("column"),
    "AccordionModel": _box("column"),
    "TabModel": _box("column"),
    "StackModel": _box("column"),
    "HBoxModel": _box("row"),
    "HTMLModel": _html,
    "HTMLMathModel": _html,
    "LabelModel": _text_label,
    "IntSliderModel": _slider,
    "FloatSliderModel": _slider,
    "FloatLogSliderModel": _slider,
    "IntTextModel": _number,
    "FloatTextModel": _number,
    "BoundedIntTextModel": _number,
    "BoundedFloatTextModel": _number,
    "TextModel": _text,
    "TextareaModel": _text,
    "ToggleButtonsModel": _toggle_buttons,
    "RadioButtonsModel": _radio_buttons,
    "DropdownModel": _dropdown,
    "SelectModel": _dropdown,
    "CheckboxModel": _checkbox,
    "ToggleButtonModel": _checkbox,
    "ButtonModel": _button,
    "OutputModel": _output,
}


def _render(model_id: str, models: Models, depth: int = 0) -> str:
    model = models.get(model_id)
    if model is None or depth > 50:
        return ""
    render = RENDERERS.get(model.get("model_name", ""))
    if render is None:
        name = html.escape(str(model.get("model_name", "widget")).removesuffix("Model"))
        return f'<span class="crmkit-widget-missing">[{name}: shown only in JupyterLab]</span>'
    return render(model.get("state", {}), models, depth)


def widget_html(model_id: str, models: Models) -> str | None:
    """The static HTML of one stored widget (with its children), or None if not stored."""
    if model_id not in models:
        return None
    return f'<div class="crmkit-widget">{_render(model_id, models)}{NOTE}</div>'


def add_static_widgets(notebook: dict) -> int:
    """Give every stored widget output of ``notebook`` a ``text/html`` snapshot.

    Parameters
    ----------
    notebook : dict
        A notebook as read with ``json.load`` (changed in place). Its stored widget
        state (``metadata.widgets``) is removed afterwards: the book does not use it.

    Returns
    -------
    int
        How many outputs gained a snapshot. Outputs that already have ``text/html``,
        and widgets whose state was not stored, are left as they are.
    """
    stored = notebook.get("metadata", {}).pop("widgets", None) or {}
    models = stored.get(WIDGET_STATE, {}).get("state", {})
    added = 0
    for cell in notebook.get("cells", []):
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            view = data.get(WIDGET_VIEW)
            if not view or "text/html" in data:
                continue
            snapshot = widget_html(str(view.get("model_id", "")), models)
            if snapshot is not None:
                data["text/html"] = snapshot
                added += 1
    return added
