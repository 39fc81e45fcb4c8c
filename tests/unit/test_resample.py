"""crmkit._resample: the chunked bootstrap used by the top-share and customer-share intervals."""

import numpy as np

from crmkit import _resample


def test_draws_equal_a_plain_loop_and_do_not_depend_on_the_chunk_size(monkeypatch):
    rows = np.arange(7.0)
    rng = np.random.default_rng(3)
    plain = np.array([rows[rng.integers(0, 7, size=(1, 7))].sum() for _ in range(5)])
    chunked = _resample.bootstrap_draws(rows, lambda s: s.sum(axis=1), 5, 3)
    # one chunk of 5 draws 35 indices in one call, as five calls of 7 do, in order
    np.testing.assert_array_equal(chunked, plain)
    monkeypatch.setattr(_resample, "MAX_VALUES", 14)  # two resamples a chunk
    np.testing.assert_array_equal(
        _resample.bootstrap_draws(rows, lambda s: s.sum(axis=1), 5, 3), plain
    )


def test_rows_of_several_columns_keep_their_shape():
    rows = np.array([[1.0, 10.0], [2.0, 20.0], [3.0, 30.0]])
    out = _resample.bootstrap_draws(rows, lambda s: s.mean(axis=1), 4, 0)
    assert out.shape == (4, 2)
    np.testing.assert_allclose(out[:, 1], 10 * out[:, 0])  # rows resampled whole
