import pytest

from beeldwacht.domain.faces import reading_order


def _order(boxes):
    return [boxes.index(b) for b in reading_order(boxes, box=lambda b: b)]


@pytest.mark.parametrize(
    ("boxes", "order"),
    [
        ([], []),
        ([(0, 0, 10, 10)], [0]),
        # one row, the middle face a little higher: still left to right
        ([(0, 20, 30, 50), (40, 14, 70, 44), (80, 22, 110, 52)], [0, 1, 2]),
        # two rows given bottom row first and right to left
        ([(80, 100, 110, 130), (0, 104, 30, 134), (40, 0, 70, 30), (0, 4, 30, 34)], [3, 2, 1, 0]),
        # a child in front, lower than a row but overlapping its bottom: a row of her own
        ([(0, 0, 30, 30), (40, 0, 70, 30), (20, 25, 50, 55)], [0, 1, 2]),
        # a small face beside a big one, its middle within the big one's height: same row
        ([(100, 0, 200, 100), (0, 40, 20, 60)], [1, 0]),
    ],
)
def test_reading_order(boxes, order):
    assert _order(boxes) == order
