"""The points payload: compact columns that decode to what was laid out."""

import numpy as np
import pytest

from search.map import payload


def test_columns_survive_the_round_trip():
    xy = np.array([[-3.0, 2.0], [5.0, -1.0], [1.0, 0.5]])
    raw = payload.encode(ids=[7, 9, 12], xy=xy, bounds=[-3.0, -1.0, 5.0, 2.0],
                         months=[1, 0, 660], regions=[0, 4, 2], categories=[0, 255, 3])  # fmt: skip
    assert len(raw) == 16 + 3 * 13
    columns = payload.decode(raw)
    assert columns["ids"].tolist() == [7, 9, 12]
    assert columns["x"].tolist() == [0, 65535, round(4 / 8 * 65535)]
    assert columns["y"].tolist() == [65535, 0, round(1.5 / 3 * 65535)]
    assert columns["month"].tolist() == [1, 0, 660]
    assert columns["region"].tolist() == [0, 4, 2]
    assert columns["category"].tolist() == [0, 255, 3]


def test_something_else_is_refused():
    with pytest.raises(ValueError, match="not a Paperscope map payload"):
        payload.decode(b"GIF89a" + bytes(20))
