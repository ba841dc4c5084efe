import pytest

from beeldwacht.domain.letters import fill, fingerprint, unknown_places

VALUES = {"activiteit": "Schoolreis", "datum": "12 juni 2027", "groepen": "6a", "school": "De Borg"}


@pytest.mark.parametrize(
    ("text", "unknown"),
    [
        ("Beste ouders, op [datum] gaan we op [activiteit].", []),
        ("Op [activitiet] gaan we weg.", ["activitiet"]),  # a typo is refused
        ("[naam] en [naam] en [plaats]", ["naam", "plaats"]),  # once each, in order
        ("Geen plaatsen hier.", []),
        ("Een lege [] of een [open haak blijft tekst", []),
        ("[Activiteit]", ["Activiteit"]),  # places are lower case, as on the settings page
    ],
)
def test_unknown_places(text, unknown):
    assert unknown_places(text) == unknown


@pytest.mark.parametrize(
    ("text", "filled"),
    [
        ("[activiteit] op [datum]", "Schoolreis op 12 juni 2027"),
        ("Groep [groepen] van [school]", "Groep 6a van De Borg"),
        ("[onbekend] blijft staan", "[onbekend] blijft staan"),
        ("Geen plaatsen.", "Geen plaatsen."),
    ],
)
def test_fill(text, filled):
    assert fill(text, VALUES) == filled


def test_a_value_with_brackets_is_not_filled_again():
    assert fill("[activiteit]", {"activiteit": "[datum]", "datum": "x"}) == "[datum]"


def test_fingerprint_is_of_the_exact_text():
    assert fingerprint("Regels") == fingerprint("Regels")
    assert fingerprint("Regels") != fingerprint("Regels ")
    assert len(fingerprint("")) == 64
