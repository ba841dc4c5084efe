"""A fictional school for `beeldwacht demo`: a board, one school, 8 groups, about 200 pupils
with guardians, 20 staff in every role, and a realistic spread of consent answers, including
refusals, guardians who disagree, a custody dispute and a safeguarding flag. Everything goes
through the same services as real data, so the demo also exercises them. Deterministic."""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils.translation import gettext_noop

from beeldwacht.actions.schools import add_school
from beeldwacht.common.actors import SYSTEM
from beeldwacht.common.permissions import Role
from beeldwacht.consent.models import Channel, ConsentRecord, Kind, PupilFlag
from beeldwacht.consent.services import Choice
from beeldwacht.domain.schoolyear import school_year_start
from beeldwacht.people.models import Guardianship, Pupil
from beeldwacht.people.roster import ParsedGuardian, ParsedPupil, ParsedStaff
from beeldwacht.people.services import roster_import
from beeldwacht.schools.models import School
from beeldwacht.takedowns.actions import record_consent, record_staff_consent, set_flag

BRIN = "99WH"
SCHOOL_NAME = "CBS De Wilgenhoek"
BOARD_NAME = "Stichting Christelijk Onderwijs Wilgenburg"
PASSWORD = "beeldwacht-demo"
PARENT_DOMAIN = "ouders.example"
STAFF_DOMAIN = "wilgenhoek.example"

GIRLS = """
    Emma Julia Mila Tess Sophie Zoë Sara Nora Yara Eva Liv Lotte Saar Anna Noor Fenna
    Lieke Roos Evi Isa Sanne Femke Maud Jasmijn Elin Fleur Hanna Ilse Merel Nina
""".split()
BOYS = """
    Noah Sem Liam Lucas Daan Finn Levi Luuk Mees James Milan Sam Noud Bram Thijs Jesse
    Ruben Teun Jens Gijs Siem Stijn Jurre Max Lars Ties Hugo Olivier Floris Mats
""".split()
ADULT_FIRST = """
    Marieke Jeroen Sandra Martijn Linda Bas Esther Joost Ingrid Niels Karin Erik Wendy
    Pieter Anouk Remco Petra Wouter Miriam Arjen Ellen Sander Judith Rick Renske Tom
    Hester Dennis Mirjam Koen
""".split()
SURNAMES = [
    ("", "Jansen"),
    ("de", "Vries"),
    ("van den", "Berg"),
    ("van", "Dijk"),
    ("", "Bakker"),
    ("", "Janssen"),
    ("", "Visser"),
    ("", "Smit"),
    ("", "Meijer"),
    ("de", "Boer"),
    ("", "Mulder"),
    ("de", "Groot"),
    ("", "Bos"),
    ("", "Vos"),
    ("", "Peters"),
    ("", "Hendriks"),
    ("van", "Leeuwen"),
    ("", "Dekker"),
    ("", "Brouwer"),
    ("de", "Wit"),
    ("", "Dijkstra"),
    ("", "Smits"),
    ("de", "Graaf"),
    ("van der", "Meer"),
    ("van der", "Linden"),
    ("", "Kok"),
    ("", "Jacobs"),
    ("de", "Haan"),
    ("", "Vermeulen"),
    ("van den", "Heuvel"),
    ("van der", "Veen"),
    ("van den", "Broek"),
    ("de", "Bruijn"),
    ("", "Schouten"),
    ("van", "Beek"),
    ("", "Willems"),
    ("van", "Vliet"),
    ("", "Hoekstra"),
    ("", "Koster"),
    ("", "Prins"),
    ("", "Huisman"),
    ("", "Postma"),
    ("", "Kuipers"),
    ("", "Veenstra"),
]
# How likely a guardian says yes, per channel: closed channels easily, public ones less so.
YES_RATE = {
    "internal": 0.97,
    "parent_app": 0.93,
    "newsletter": 0.9,
    "school_guide": 0.75,
    "website": 0.72,
    "social_media": 0.5,
    "press": 0.45,
    "trade_media": 0.35,
}
PUPILS_PER_GROUP = 25


@dataclass(frozen=True)
class Persona:
    email: str
    role: str
    note: str


def _slug(*parts: str) -> str:
    text = ".".join(p for p in parts if p).lower()
    for a, b in (("ë", "e"), ("é", "e"), ("ï", "i"), (" ", "")):
        text = text.replace(a, b)
    return text


def _pupils(rng: random.Random, today: date) -> list[ParsedPupil]:
    pupils = []
    number = 4100
    year = school_year_start(today)
    for group in range(1, 9):
        for index in range(PUPILS_PER_GROUP):
            number += 1
            infix, last = rng.choice(SURNAMES)
            first = rng.choice(GIRLS if rng.random() < 0.5 else BOYS)
            # Groep n is for children who turn n + 3 during the school year (groep 1 ~ 4 years).
            born = date(year - group - 3, 1, 1) + timedelta(days=rng.randrange(0, 365))
            parent_a, parent_b = rng.sample(ADULT_FIRST, 2)
            guardians = [
                ParsedGuardian(
                    1,
                    f"{parent_a} {infix} {last}".replace("  ", " "),
                    f"{_slug(parent_a, infix, last)}{number}@{PARENT_DOMAIN}",
                    "06" + str(rng.randrange(10**7, 10**8)),
                    True,
                )
            ]
            if rng.random() < 0.85:
                guardians.append(
                    ParsedGuardian(
                        2,
                        f"{parent_b} {infix} {last}".replace("  ", " "),
                        f"{_slug(parent_b, infix, last)}{number}@{PARENT_DOMAIN}",
                        "",
                        True,
                    )
                )
            pupils.append(
                ParsedPupil(index + 2, str(number), first, infix, last, born, str(group), guardians)
            )
            if group == 5 and index == 3:  # twins, sharing their guardians
                number += 1
                twin = rng.choice(GIRLS)
                pupils.append(
                    ParsedPupil(
                        index + 2, str(number), twin, infix, last, born, str(group), guardians
                    )
                )
    # A stepparent without parental authority, a third guardian with it.
    pupils[10].guardians.append(
        ParsedGuardian(3, "Rob Stiefvader", f"rob.stiefvader@{PARENT_DOMAIN}", "", False)
    )
    pupils[30].guardians.append(
        ParsedGuardian(3, "Oma Wilma Smit", f"wilma.smit@{PARENT_DOMAIN}", "", True)
    )
    return pupils


STAFF = [
    (
        "Marieke",
        "",
        "Hoogland",
        "directeur",
        Role.MANAGEMENT,
        [],
        gettext_noop("director: everything, flags and audit"),
    ),
    ("Jeroen", "van", "Aalst", "adjunct", Role.MANAGEMENT, [], ""),
    ("Anna", "", "Visser", "juf.anna", Role.TEACHER, ["5"], gettext_noop("teacher of groep 5")),
    ("Sanne", "de", "Jong", "juf.sanne", Role.TEACHER, ["1"], ""),
    ("Petra", "", "Kramer", "juf.petra", Role.TEACHER, ["2"], ""),
    ("Wouter", "", "Post", "meester.wouter", Role.TEACHER, ["3"], ""),
    ("Ellen", "van", "Dam", "juf.ellen", Role.TEACHER, ["4"], ""),
    ("Koen", "", "Zijlstra", "meester.koen", Role.TEACHER, ["6"], ""),
    ("Judith", "", "Bosman", "juf.judith", Role.TEACHER, ["7"], ""),
    ("Dennis", "", "Wolters", "meester.dennis", Role.TEACHER, ["8"], ""),
    ("Hester", "", "Lammers", "juf.hester", Role.TEACHER, ["5", "6"], ""),
    ("Lisa", "", "Brink", "stagiair.lisa", Role.INTERN, ["5"], gettext_noop("intern in groep 5")),
    ("Omar", "", "Haddou", "stagiair.omar", Role.INTERN, ["7"], ""),
    ("Ingrid", "", "Timmer", "ingrid", Role.INTERN_SUPERVISOR, ["5", "7"], ""),
    (
        "Renske",
        "",
        "Hof",
        "renske",
        Role.SUPERVISOR,
        [],
        gettext_noop("supervisor (bouwcoördinator)"),
    ),
    (
        "Tom",
        "",
        "Evers",
        "communicatie",
        Role.COMMUNICATIONS,
        [],
        gettext_noop("website and social media"),
    ),
    ("Pim", "", "Wagenaar", "privacy", Role.PRIVACY_OFFICER, [], gettext_noop("privacy officer")),
    (
        "Karin",
        "",
        "Stam",
        "administratie",
        Role.ADMINISTRATION,
        [],
        gettext_noop("administration: roster and paper forms"),
    ),
    ("Arjen", "", "Molenaar", "bestuur", Role.BOARD, [], gettext_noop("board")),
    ("Miriam", "", "Koster", "ib", Role.SUPERVISOR, [], ""),
]


def _staff() -> list[ParsedStaff]:
    return [
        ParsedStaff(n + 2, f"{local}@{STAFF_DOMAIN}", first, infix, last, [role], groups)
        for n, (first, infix, last, local, role, groups, _note) in enumerate(STAFF)
    ]


def personas() -> list[Persona]:
    return [
        Persona(f"{local}@{STAFF_DOMAIN}", str(Role(role).label), note)
        for first, infix, last, local, role, groups, note in STAFF
        if note
    ]


def seed(today: date) -> School:
    """Create the demo school unless it exists. Returns the school."""
    existing = School.objects.filter(brin=BRIN).first()
    if existing is not None:
        return existing
    rng = random.Random(20261126)
    with transaction.atomic():
        school = add_school(brin=BRIN, name=SCHOOL_NAME, board_name=BOARD_NAME).school
        # A demo is tried without an authenticator app at hand; a real school starts with
        # the second factor on (Instellingen > Inloggen).
        School.objects.filter(pk=school.pk).update(second_factor_required=False)
        school.refresh_from_db()
        report = roster_import(
            school=school,
            pupils=_pupils(rng, today),
            staff=_staff(),
            problems=[],
            dry_run=False,
            today=today,
        )
        assert report.ok, report.problems
        from beeldwacht.accounts.models import User

        for user in User.objects.filter(email__endswith=f"@{STAFF_DOMAIN}"):
            user.set_password(PASSWORD)
            user.save(update_fields=["password"])
        _consents(school, rng, today)
        _publications(school, today)
        _protocol(school, today)
        _processors(school, today)
    return school


def _processors(school: School, today: date) -> None:
    """Two of the school's processors, one without a signed agreement, so the DPIA input
    has something to point out (Instellingen > Privacy)."""
    from beeldwacht.common.actors import SYSTEM
    from beeldwacht.schools.services import processor_add

    processor_add(
        school=school,
        name="Stichting Lindeboom ICT",
        service="Host van Beeldwacht en de back-ups",
        location="Nederland",
        agreement_on=today - timedelta(days=120),
        by=SYSTEM,
    )
    processor_add(
        school=school,
        name="Ouderapp BV",
        service="Berichten naar ouders in de ouderapp",
        location="Nederland",
        by=SYSTEM,
    )


# The demo school's own short media protocol (not any real school's text).
DEMO_PROTOCOL = """## Waarom dit protocol

Op onze school maken we foto's en filmpjes om te laten zien wat de kinderen doen. We gaan
zorgvuldig om met beelden en namen van leerlingen, ouders en collega's.

## Toestemming

- We publiceren een kind alleen met toestemming van de ouders, per kanaal en per soort
  (beeld, geluid, naam). Ouders kunnen die toestemming altijd intrekken.
- Wie geen toestemming heeft, maken we onherkenbaar of laten we weg.

## Voor medewerkers

- Tijdens de les gebruik je geen sociale media, tenzij de directie dat voor een groep en
  periode heeft toegestaan.
- Je bent geen vriend of volger van leerlingen op je privéaccounts.
- Je bent zelf verantwoordelijk voor wat je plaatst, ook privé, en je handelt in lijn met de
  missie van de school.

## Ouders die beeld maken

Maak alleen foto's van uw eigen kind en deel beelden van andere kinderen niet op sociale
media.
"""


def _protocol(school: School, today: date) -> None:
    """Version 1.0 of the demo school's protocol, adopted: every demo colleague is asked to
    acknowledge it."""
    from beeldwacht.common.actors import SYSTEM
    from beeldwacht.protocol.services import version_create, version_move

    version = version_create(
        school=school,
        number="1.0",
        dated=today,
        authors="Directie en MR",
        change_note="Eerste versie in Beeldwacht.",
        text=DEMO_PROTOCOL,
        by=SYSTEM,
    )
    version_move(version=version, to="adopted", by=SYSTEM)


def _consents(school: School, rng: random.Random, today: date) -> None:
    channels = list(Channel.objects.filter(school=school))
    start = date(school_year_start(today), 9, 1)
    span = max((today - start).days, 1)
    ships = (
        Guardianship.objects.filter(pupil__school=school, parental_authority=True)
        .select_related("guardian__user", "pupil")
        .order_by("pupil__las_number", "position")
    )
    household: dict[int, dict] = {}  # one household mostly agrees: a shared base answer
    for ship in ships:
        if rng.random() < 0.12:
            continue  # this guardian has not answered yet
        base = household.setdefault(
            ship.pupil_id,
            {
                (channel.pk, kind): rng.random()
                < YES_RATE[channel.key] - (0.1 if kind == Kind.NAME else 0)
                for channel in channels
                for kind in (Kind.IMAGE, Kind.SOUND, Kind.NAME)
            },
        )
        choices = [
            Choice(
                channel,
                kind,
                base[(channel.pk, kind)] if rng.random() < 0.985 else not base[(channel.pk, kind)],
            )
            for channel in channels
            for kind in (Kind.IMAGE, Kind.SOUND, Kind.NAME)
        ]
        on = start + timedelta(days=rng.randrange(0, span))
        paper = rng.random() < 0.15
        record_consent(
            pupil=ship.pupil,
            choices=choices,
            guardian=ship.guardian,
            by=SYSTEM if paper else ship.guardian.user,
            method=ConsentRecord.Method.PAPER if paper else ConsentRecord.Method.PORTAL,
            on=on,
        )
    # Staff decide for themselves; most are happy to appear, a few are not.
    for membership in school.memberships.select_related("user").order_by("user__email", "role"):
        user = membership.user
        if user.own_consent_records.exists() or rng.random() < 0.15:
            continue
        choices = [
            Choice(channel, kind, rng.random() < YES_RATE[channel.key] + 0.05)
            for channel in channels
            for kind in (Kind.IMAGE, Kind.SOUND, Kind.NAME)
        ]
        record_staff_consent(school=school, user=user, choices=choices, by=user, on=start)
    # Guardians who disagree about the website, in groep 5 where juf Anna can see it.
    website = next(c for c in channels if c.key == "website")
    pair = next(
        p
        for p in Pupil.objects.filter(school=school, school_class__name="5").order_by("las_number")
        if p.guardianships.filter(parental_authority=True).count() == 2
    )
    first, second = [
        s.guardian for s in pair.guardianships.filter(parental_authority=True).order_by("position")
    ]
    record_consent(
        pupil=pair,
        choices=[Choice(website, Kind.IMAGE, True)],
        guardian=first,
        by=first.user,
        method=ConsentRecord.Method.PORTAL,
        on=today,
    )
    record_consent(
        pupil=pair,
        choices=[Choice(website, Kind.IMAGE, False)],
        guardian=second,
        by=second.user,
        method=ConsentRecord.Method.PORTAL,
        on=today,
    )
    group5 = list(
        Pupil.objects.filter(school=school, school_class__name="5").order_by("las_number")
    )
    set_flag(
        pupil=group5[-1],
        kind=PupilFlag.Kind.SAFEGUARDING,
        reason="Demo: plaatsing, adres geheim.",
        by=SYSTEM,
        on=today,
    )
    set_flag(
        pupil=group5[-2],
        kind=PupilFlag.Kind.CUSTODY_DISPUTE,
        reason="Demo: gezagsgeschil gemeld.",
        by=SYSTEM,
        on=today,
    )


def _publications(school: School, today: date) -> None:
    """A published news item on the website and in the parent app, an article in the local
    paper (online and in print) that lost its consent since, so the takedown dashboard has
    work, and a submitted item with findings waiting for approval. The child named is the
    one whose parent the demo offers as a login, so 'Waar staat ...?' shows something."""
    from beeldwacht.accounts.models import User
    from beeldwacht.publications import services

    anna = User.objects.get(email=f"juf.anna@{STAFF_DOMAIN}")
    director = User.objects.get(email=f"directeur@{STAFF_DOMAIN}")
    channels = {c.key: c for c in Channel.objects.filter(school=school)}
    ships = list(_first_of_group5(school))
    child = ships[0].pupil
    for ship in ships:
        record_consent(
            pupil=child,
            choices=[
                Choice(channels[key], Kind.NAME, True) for key in ("website", "parent_app", "press")
            ],
            guardian=ship.guardian,
            by=ship.guardian.user,
            method=ConsentRecord.Method.PORTAL,
            on=today,
        )
    name = f"{child.first_name} {child.last_name}"

    def publish(title, body, keys):
        publication = services.publication_create(
            school=school,
            title=title,
            body=body,
            channels=[channels[k] for k in keys],
            by=anna,
        )
        services.publication_submit(publication=publication, by=anna)
        services.publication_approve(
            publication=publication, by=director, acknowledge_warnings=True, on=today
        )
        services.publication_publish(publication=publication, by=director)
        return publication

    publish(
        "Groep 5 naar het Natuurmuseum",
        f"Groep 5 bezocht het Natuurmuseum. {name} wist alles van de mammoet. "
        "Volgende week maken we in de klas een eigen museum.",
        ("website", "parent_app"),
    )
    musical = publish(
        "Kerstmusical in de Haarener Courant",
        f"De Haarener Courant schreef over onze kerstmusical, met {name} in de hoofdrol.",
        ("press",),
    )
    # The paper's editors: the takedown below can be sent to them from Beeldwacht.
    channels["press"].editor_email = "redactie@haarenercourant.example"
    channels["press"].save(update_fields=["editor_email"])
    for where, printed in (
        ("https://www.haarenercourant.example/wilgenhoek-kerstmusical", False),
        ("Haarener Courant, editie donderdag", True),
    ):
        services.placement_record(
            publication=musical,
            channel=channels["press"],
            where=where,
            placed_on=today,
            printed=printed,
            by=anna,
        )
    record_consent(
        pupil=child,
        choices=[Choice(channels["press"], Kind.NAME, False)],
        guardian=ships[0].guardian,
        by=ships[0].guardian.user,
        method=ConsentRecord.Method.PORTAL,
        on=today,
    )
    # Anna's draft shows what the checks find, and why she cannot submit it yet; the
    # director finds another item waiting for approval.
    other = Pupil.objects.filter(school=school, school_class__name="5").order_by("las_number")[3]
    services.publication_create(
        school=school,
        title="Spreekbeurten in groep 5",
        body=f"Deze week hielden de kinderen hun spreekbeurt. {other.first_name} vertelde over "
        "leven met ADHD. Vragen? Bel juf Anna op 06-12345678.",
        channels=[channels["website"], channels["newsletter"]],
        by=anna,
    )
    waiting = services.publication_create(
        school=school,
        title="Kerstviering in de aula",
        body="Alle groepen zongen samen in de aula. Dank aan de ouders die hielpen versieren!",
        channels=[channels["website"], channels["parent_app"]],
        by=anna,
    )
    services.publication_submit(publication=waiting, by=anna)


def _first_of_group5(school: School):
    """The guardians with parental authority of the first pupil of groep 5 (the demo's
    parent login)."""
    first = (
        Guardianship.objects.filter(
            pupil__school=school, pupil__school_class__name="5", parental_authority=True
        )
        .order_by("pupil__las_number", "position")
        .first()
    )
    return (
        Guardianship.objects.filter(pupil=first.pupil, parental_authority=True)
        .select_related("guardian__user", "pupil")
        .order_by("position")
    )


def a_parent_email(school: School) -> str:
    """A guardian of groep 5 with an account, to try the parent portal with."""
    ship = (
        Guardianship.objects.filter(
            pupil__school=school, pupil__school_class__name="5", parental_authority=True
        )
        .select_related("guardian")
        .order_by("pupil__las_number", "position")
        .first()
    )
    return ship.guardian.email
