"""The order in which a reviewer meets the faces of a photo: as one reads, row by row from
the top, each row from left to right. Sorting by top edge alone zigzags through a class
photo, whose faces in one row stand a few pixels higher or lower."""

from collections.abc import Callable, Iterable

Box = tuple[int, int, int, int]  # x1, y1, x2, y2


def reading_order[T](faces: Iterable[T], box: Callable[[T], Box]) -> list[T]:
    """A face joins the current row when its middle lies within the height of the row's
    first face; otherwise it starts the next row."""
    rows: list[list[T]] = []
    row_top = row_bottom = None
    for face in sorted(faces, key=lambda f: (box(f)[1], box(f)[0])):
        x1, y1, x2, y2 = box(face)
        middle = (y1 + y2) / 2
        if rows and row_top <= middle <= row_bottom:
            rows[-1].append(face)
        else:
            rows.append([face])
            row_top, row_bottom = y1, y2
    return [face for row in rows for face in sorted(row, key=lambda f: box(f)[0])]
