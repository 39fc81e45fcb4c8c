"""Answers as plain data: what crosses from a student's run to the grading process.

:func:`encode` turns the value of an answer variable into JSON-able data (numbers,
strings, lists, dicts; never a pickle), :func:`decode` builds a value of the same kind
back from it, of exact built-in, numpy or pandas types only. What a student's code
defined (a subclass whose ``__eq__`` lies, a patched method) cannot cross: a value of a
type that is not exactly one of the supported ones becomes an :class:`Opaque`
stand-in, and :func:`encode` says why, so the gradebook can flag it.

Supported, exactly (no subclasses): ``None``, ``...``, ``bool``, ``int``, ``float``,
``str``, ``decimal.Decimal``, numpy bool/integer/float scalars, lists, tuples and dicts
of those (string keys), 1-d numpy arrays, pandas ``Series`` and ``DataFrame`` with
numeric, boolean, text, categorical, datetime or Decimal values and a range, integer,
float, text, categorical or datetime index. Anything else is opaque.

This module imports only the standard library, numpy and pandas, so that both the
student's run and the grading process can load it by file path.
"""

from __future__ import annotations

import decimal
import math
from typing import Any

import numpy as np
import pandas as pd

_SCALARS = (bool, int, float, str)
_NUMPY = {
    np.bool_: "bool",
    np.int8: "int8",
    np.int16: "int16",
    np.int32: "int32",
    np.int64: "int64",
    np.uint8: "uint8",
    np.uint16: "uint16",
    np.uint32: "uint32",
    np.uint64: "uint64",
    np.float32: "float32",
    np.float64: "float64",
}
#: Types a student's subclass of would be refused (checked after the exact types).
_CONTAINERS = (
    *_SCALARS,
    decimal.Decimal,
    list,
    tuple,
    dict,
    pd.Series,
    pd.DataFrame,
    np.ndarray,
    np.generic,
)
_INDEX_TYPES = (pd.Index, pd.RangeIndex, pd.CategoricalIndex, pd.DatetimeIndex)
#: Most elements a list, array, Series or DataFrame may carry across.
MAX_ITEMS = 2_000_000


class Opaque:
    """Stands in for an answer that could not cross as plain data.

    The checks then describe it by its type name ("it is a LyingStr"), and every check
    of a value fails.
    """

    def __init__(self, type_name: str) -> None:
        self.type_name = type_name

    def __repr__(self) -> str:
        return f"<{self.type_name}>"


def _opaque(value: Any, why: str) -> tuple[dict, list[str]]:
    name = type(value).__name__
    return {"t": "opaque", "type": name}, [why]


def _number(x: Any) -> Any:
    """A float or int for JSON; NaN and infinities as text."""
    if isinstance(x, float) and not math.isfinite(x):
        return {"f": repr(x)}
    return x


def _unnumber(x: Any) -> Any:
    return float(x["f"]) if isinstance(x, dict) else x


def _lies(value: Any, bases: tuple[type, ...]) -> str | None:
    for base in bases:
        if isinstance(value, base) and type(value) is not base:
            return (
                f"is of type {type(value).__name__}, a subclass of {base.__name__} "
                "(a type of its own may lie about equality); graded as no answer"
            )
    return None


def _elements(values: list[Any], where: str) -> tuple[list[Any], list[str]]:
    """Object-dtype elements: exact str/Decimal/None/NaN only."""
    out, why = [], []
    for v in values:
        if v is None or (type(v) is float and math.isnan(v)):
            out.append(None)
        elif type(v) in (str, np.str_):
            out.append(str(v))
        elif type(v) is decimal.Decimal:
            out.append({"d": str(v)})
        elif type(v) in _SCALARS or type(v) in _NUMPY:
            out.append({"n": _number(v.item() if type(v) in _NUMPY else v)})
        else:
            return [], [f"{where} holds a value of type {type(v).__name__}"]
    return out, why


def _unelements(values: list[Any]) -> list[Any]:
    out = []
    for v in values:
        if isinstance(v, dict) and "d" in v:
            out.append(decimal.Decimal(v["d"]))
        elif isinstance(v, dict) and "n" in v:
            out.append(_unnumber(v["n"]))
        else:
            out.append(v)
    return out


def _array(values: Any, dtype: Any, where: str) -> tuple[dict, list[str]]:
    """A 1-d sequence of values with its dtype (the values of a Series or an Index)."""
    dtype_name = str(dtype)
    if isinstance(dtype, pd.CategoricalDtype):
        cats, why = _array(dtype.categories, dtype.categories.dtype, where)
        if why:
            return {}, why
        codes = pd.Categorical(values, dtype=dtype).codes.tolist()
        return {"k": "cat", "cats": cats, "codes": codes, "ordered": bool(dtype.ordered)}, []
    if pd.api.types.is_datetime64_dtype(dtype) and getattr(dtype, "tz", None) is None:
        stamps = [None if pd.isna(v) else pd.Timestamp(v).isoformat() for v in values]
        return {"k": "dt", "dtype": dtype_name, "v": stamps}, []
    if pd.api.types.is_bool_dtype(dtype) or pd.api.types.is_numeric_dtype(dtype):
        if dtype_name not in set(_NUMPY.values()) | {"Int64", "Float64", "boolean"}:
            return {}, [f"{where} has values of type {dtype_name}"]
        items = [
            None if pd.isna(v) else _number(v.item() if hasattr(v, "item") else v) for v in values
        ]
        return {"k": "num", "dtype": dtype_name, "v": items}, []
    if pd.api.types.is_object_dtype(dtype) or pd.api.types.is_string_dtype(dtype):
        items, why = _elements(list(values), where)
        if why:
            return {}, why
        return {"k": "obj", "dtype": dtype_name, "v": items}, []
    return {}, [f"{where} has values of type {dtype_name}"]


def _unarray(data: dict) -> tuple[list[Any], Any]:
    """(values, dtype) back from :func:`_array`."""
    if data["k"] == "cat":
        cats, cat_dtype = _unarray(data["cats"])
        dtype = pd.CategoricalDtype(pd.Index(cats, dtype=cat_dtype), ordered=data["ordered"])
        return pd.Categorical.from_codes(data["codes"], dtype=dtype), dtype
    if data["k"] == "dt":
        return [pd.NaT if v is None else pd.Timestamp(v) for v in data["v"]], data["dtype"]
    if data["k"] == "num":
        values = [_unnumber(v) for v in data["v"]]
        dtype = data["dtype"]
        if any(v is None for v in values) and dtype not in {"Int64", "Float64", "boolean"}:
            values = [np.nan if v is None else v for v in values]
        return values, dtype
    values = _unelements(data["v"])
    return values, (object if data["dtype"] == "object" else data["dtype"])


def _index(index: pd.Index, where: str) -> tuple[dict, list[str]]:
    if type(index) not in _INDEX_TYPES or isinstance(index, pd.MultiIndex):
        return {}, [f"{where} has an index of type {type(index).__name__}"]
    if type(index) is pd.RangeIndex:
        return {
            "k": "range",
            "start": index.start,
            "stop": index.stop,
            "step": index.step,
            "name": _name(index.name),
        }, []
    data, why = _array(list(index), index.dtype, f"{where}'s index")
    if why:
        return {}, why
    return {**data, "name": _name(index.name)}, []


def _name(name: Any) -> Any:
    return name if name is None or type(name) in (str, int) else str(name)


def _unindex(data: dict) -> pd.Index:
    if data["k"] == "range":
        return pd.RangeIndex(data["start"], data["stop"], data["step"], name=data["name"])
    values, dtype = _unarray(data)
    if data["k"] == "cat":
        return pd.CategoricalIndex(values, name=data["name"])
    return pd.Index(values, dtype=dtype, name=data["name"])


def _series(value: pd.Series, where: str) -> tuple[dict, list[str]]:
    index, why = _index(value.index, where)
    if why:
        return _opaque(value, why[0])
    values, why = _array(list(value), value.dtype, where)
    if why:
        return _opaque(value, why[0])
    return {"t": "series", "index": index, "values": values, "name": _name(value.name)}, []


def _unseries(data: dict) -> pd.Series:
    values, dtype = _unarray(data["values"])
    index = _unindex(data["index"])
    if data["values"]["k"] == "cat":
        return pd.Series(values, index=index, name=data["name"])
    return pd.Series(values, index=index, dtype=dtype, name=data["name"])


def encode(value: Any, where: str = "the answer", depth: int = 0) -> tuple[Any, list[str]]:
    """Plain, JSON-able data for ``value``, and the reasons it could not all cross.

    Parameters
    ----------
    value : object
        An answer variable's value in the student's run.
    where : str
        How to name the value in a reason ("`top_region`").

    Returns
    -------
    (object, list of str)
        The data for :func:`decode`, and reasons (empty when the value crossed as it
        is; otherwise it crosses as :class:`Opaque`).
    """
    if value is None:
        return {"t": "none"}, []
    if value is Ellipsis:
        return {"t": "ellipsis"}, []
    if type(value) in _SCALARS:
        return {"t": type(value).__name__, "v": _number(value)}, []
    if type(value) is np.str_:  # numpy's text scalar (an element of a text array)
        return {"t": "str", "v": str(value)}, []
    if type(value) in _NUMPY:
        return {"t": "np", "dtype": _NUMPY[type(value)], "v": _number(value.item())}, []
    if type(value) is decimal.Decimal:
        return {"t": "decimal", "v": str(value)}, []
    lie = _lies(value, _CONTAINERS)
    if lie:
        return _opaque(value, f"{where} {lie}")
    if depth > 3:
        return _opaque(value, f"{where} is nested too deeply")
    if type(value) in (list, tuple):
        if len(value) > MAX_ITEMS:
            return _opaque(value, f"{where} is too long")
        items = [encode(v, where, depth + 1) for v in value]
        why = [w for _, ws in items for w in ws]
        return {"t": type(value).__name__, "v": [d for d, _ in items]}, why
    if type(value) is dict:
        if not all(type(k) is str for k in value) or len(value) > MAX_ITEMS:
            return _opaque(value, f"{where} is a dict with keys that are not text")
        items = {k: encode(v, where, depth + 1) for k, v in value.items()}
        why = [w for _, ws in items.values() for w in ws]
        return {"t": "dict", "v": {k: d for k, (d, _) in items.items()}}, why
    if type(value) is np.ndarray:
        if value.ndim != 1 or value.size > MAX_ITEMS:
            return _opaque(value, f"{where} is an array that is not one-dimensional")
        data, why = _array(list(value), value.dtype, where)
        return ({"t": "ndarray", "values": data}, []) if not why else _opaque(value, why[0])
    if type(value) is pd.Series:
        if value.size > MAX_ITEMS:
            return _opaque(value, f"{where} is too long")
        return _series(value, where)
    if type(value) is pd.DataFrame:
        if value.size > MAX_ITEMS or not value.columns.is_unique:
            return _opaque(value, f"{where} is too large or repeats a column")
        columns = []
        for col in value.columns:
            data, why = _series(value[col], where)
            if why:
                return _opaque(value, why[0])
            columns.append([_name(col), data])
        index, why = _index(value.index, where)
        if why:
            return _opaque(value, why[0])
        return {"t": "frame", "columns": columns, "index": index}, []
    return {"t": "opaque", "type": type(value).__name__}, []


def decode(data: Any) -> Any:
    """The value :func:`encode` described, built from exact built-in/numpy/pandas types."""
    t = data["t"]
    if t == "none":
        return None
    if t == "ellipsis":
        return Ellipsis
    if t in ("bool", "int", "str"):
        return {"bool": bool, "int": int, "str": str}[t](data["v"])
    if t == "float":
        return float(_unnumber(data["v"]))
    if t == "np":
        return np.dtype(data["dtype"]).type(_unnumber(data["v"]))
    if t == "decimal":
        return decimal.Decimal(data["v"])
    if t in ("list", "tuple"):
        items = [decode(v) for v in data["v"]]
        return items if t == "list" else tuple(items)
    if t == "dict":
        return {str(k): decode(v) for k, v in data["v"].items()}
    if t == "ndarray":
        values, dtype = _unarray(data["values"])
        return np.asarray(values, dtype=dtype)
    if t == "series":
        return _unseries(data)
    if t == "frame":
        index = _unindex(data["index"])
        cols = {name: _unseries(col).set_axis(index) for name, col in data["columns"]}
        return pd.DataFrame(cols, index=index)
    if t == "opaque":
        return type(str(data["type"]), (Opaque,), {})(str(data["type"]))
    raise ValueError(f"Unknown plain-data kind {t!r}.")
