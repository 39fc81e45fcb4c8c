"""Per-student data: each student's own copy of the Lanting Trading Co. world, from their id."""

from __future__ import annotations

import functools
import hashlib
import unicodedata
from typing import Any

import pandas as pd

#: How many per-student worlds :func:`load` keeps in memory at once.
_WORLD_CACHE_SIZE = 4


def _id_type_error(func: str, student_id: Any) -> TypeError:
    return TypeError(
        f"The 'student_id' parameter of {func} must be a string, such as \"2025123456\" "
        f'(in quotes), or None / "" for the shipped default data. '
        f"Got {type(student_id).__name__} {student_id!r} instead."
    )


def normalise_student_id(student_id: str | None) -> str:
    """Return the canonical form of a student id.

    Unicode NFKC normalisation (so full-width digits typed with a Chinese input method
    equal ASCII digits), surrounding white space removed, case folded. ``None`` gives
    ``""``.

    Parameters
    ----------
    student_id : str or None
        The id as the student typed it.

    Returns
    -------
    str
        The normalised id; ``""`` means "no id".

    Raises
    ------
    TypeError
        If ``student_id`` is neither a string nor None.

    Examples
    --------
    >>> normalise_student_id(" AB１２３ ")
    'ab123'
    """
    if student_id is None:
        return ""
    if not isinstance(student_id, str):
        raise _id_type_error("normalise_student_id", student_id)
    return unicodedata.normalize("NFKC", student_id).strip().casefold()


def student_seed(student_id: str) -> int:
    """Derive the seed of a student's world from their id.

    The seed is the first four bytes of the SHA-256 digest of the normalised id
    (:func:`normalise_student_id`), read as a big-endian unsigned integer. It is the
    same on every machine and in every Python session (unlike the built-in
    ``hash()``, which is salted per process).

    Parameters
    ----------
    student_id : str
        The student's id, e.g. a student number. Must not be empty.

    Returns
    -------
    int
        A seed in ``[0, 2**32)``, passed to ``crmkit.make_world(seed=...)``.

    Raises
    ------
    TypeError
        If ``student_id`` is not a string.
    ValueError
        If ``student_id`` is empty or only white space.

    Examples
    --------
    >>> student_seed("2025123456")  # int.from_bytes(sha256(b"2025123456").digest()[:4], "big")
    785662486
    """
    if not isinstance(student_id, str):
        raise _id_type_error("student_seed", student_id)
    key = normalise_student_id(student_id)
    if not key:
        raise ValueError(
            "The 'student_id' parameter of student_seed must be a non-empty id such as "
            '"2025123456". Got an empty string instead (an empty id means the shipped '
            "default data: call load(name) without an id)."
        )
    digest = hashlib.sha256(key.encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big")


@functools.lru_cache(maxsize=_WORLD_CACHE_SIZE)
def _world_for_seed(seed: int):
    from crmkit.world import make_world

    return make_world(seed=seed)


def _table_names() -> tuple[str, ...]:
    from crmkit.world import TABLES

    return tuple(TABLES)


def load(name: str, student_id: str | None = None) -> pd.DataFrame:
    """Load one table of the CRM world, the student's own version if an id is given.

    Parameters
    ----------
    name : str
        A table of the world: ``customers``, ``products``, ``orders``, ``order_lines``,
        ``transactions``, ``survey``, ``contacts``, ``exits``, ``mailing``, ``branches``
        (columns as in ``crmkit.describe_dataset(name)``).
    student_id : str or None, default None
        The student's id. Non-empty: the table of ``crmkit.make_world(seed=
        student_seed(student_id))``, generated on first use and kept in memory for the
        session. None or ``""``: the shipped default table, ``crmkit.load_dataset(name)``.

    Returns
    -------
    pandas.DataFrame
        A fresh copy each call, so changing it never changes what the next call (or a
        test) sees.

    Raises
    ------
    TypeError
        If ``student_id`` is not a string or None (an id typed without quotes).
    ValueError
        If ``name`` is not a table of the world.

    Examples
    --------
    >>> customers = load("customers", "2025123456")  # doctest: +SKIP
    >>> customers.equals(load("customers", " 2025123456"))  # doctest: +SKIP
    True
    """
    if not isinstance(name, str) or name not in _table_names():
        raise ValueError(
            f"The 'name' parameter of load must be one of {', '.join(_table_names())}. "
            f"Got {name!r} instead."
        )
    if student_id is not None and not isinstance(student_id, str):
        raise _id_type_error("load", student_id)
    key = normalise_student_id(student_id)
    if not key:
        from crmkit.datasets import load_dataset

        return load_dataset(name)
    world = _world_for_seed(student_seed(key))
    return getattr(world, name).copy()
