"""The people of the recording tests: an intern of groep 6 and her supervisor, three
pupils with a guardian each (one with a second guardian without an address), management,
the privacy contact, a teacher of the group and a director elsewhere."""

import pytest

from beeldwacht.common.permissions import Role
from conftest import make_guardian, make_pupil, staff


@pytest.fixture
def people(school, groep6, other_school):
    pupils = [make_pupil(school, groep6, str(6000 + n), first=f"Kind{n}") for n in range(3)]
    for n, pupil in enumerate(pupils):
        make_guardian(school, pupil, f"Ouder {n}", f"ouder{n}@example.nl")
    make_guardian(school, pupils[0], "Ouder zonder adres", "")  # nobody to mail
    return {
        "intern": staff(school, "stagiair@delinde.nl", Role.INTERN, [groep6]),
        "bas": staff(school, "bas.begeleider@delinde.nl", Role.INTERN_SUPERVISOR, [groep6]),
        "director": staff(school, "directeur@delinde.nl", Role.MANAGEMENT),
        "privacy": staff(school, "privacy@delinde.nl", Role.PRIVACY_OFFICER),
        "teacher": staff(school, "juf@delinde.nl", Role.TEACHER, [groep6]),
        "elsewhere": staff(other_school, "directeur@elders.nl", Role.MANAGEMENT),
    }
