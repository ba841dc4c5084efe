import pytest

from beeldwacht.domain.passages import Passage, passage_at

TEXT = "Sanne wint\n\nOp vrijdag gingen we met de hele groep naar het bos.\n\n  \nDaar vond Daan een egel."


@pytest.mark.parametrize(
    ("name", "passage"),
    [
        ("Sanne", Passage(0, "")),  # in the title, as its first word
        ("hele", Passage(1, "Op vrijdag gingen we met")),  # at most five words
        ("Daan", Passage(2, "Daar vond")),  # a blank line of spaces separates too
    ],
)
def test_passage_at(name, passage):
    assert passage_at(TEXT, TEXT.index(name)) == passage
