"""The processing register (AVG art. 30), generated from what the school configured in
Beeldwacht: its channels, the retention periods and its processors; and the facts the DPIA
input (actions.dpia) and the privacy statement for parents (actions.privacy_statement) share
with it. Shown as HTML and PDF
(common.documents). The wording is the school's legal record in Dutch, like the letters in
incidents/letters.py; the facts come from the configuration, so the documents stay true
when it changes. Counts only: no child, parent or colleague is named, except the school's
own privacy contacts, whom a register must name."""

import re
from datetime import date

from django.conf import settings

from beeldwacht.common.documents import Document, Section, dutch_day
from beeldwacht.common.permissions import Role
from beeldwacht.consent.models import Channel
from beeldwacht.people.models import Guardianship, Pupil
from beeldwacht.schools.models import Membership, Processor, School

# Where the data may stay without a transfer in the sense of AVG chapter V: the EU and the
# EEA, as a school writes them, in Dutch or English; "Nederland (Amsterdam)" and
# "EU (Frankfurt)" count.
_EEA = {
    "belgië", "belgie", "bulgarije", "cyprus", "denemarken", "duitsland", "estland",
    "finland", "frankrijk", "griekenland", "hongarije", "ierland", "italië", "italie",
    "kroatië", "kroatie", "letland", "litouwen", "luxemburg", "malta", "nederland",
    "oostenrijk", "polen", "portugal", "roemenië", "roemenie", "slovenië", "slovenie",
    "slowakije", "spanje", "tsjechië", "tsjechie", "zweden", "ijsland", "liechtenstein",
    "noorwegen", "eu", "eer", "europese unie", "belgium", "bulgaria", "denmark", "germany",
    "estonia", "france", "greece", "hungary", "ireland", "italy", "croatia", "latvia",
    "lithuania", "luxembourg", "netherlands", "the netherlands", "austria", "poland",
    "romania", "slovenia", "slovakia", "spain", "czechia", "czech republic", "sweden",
    "iceland", "norway", "eea", "european union",
}  # fmt: skip

AUDIENCE = {
    Channel.Audience.PUBLIC: "iedereen (openbaar)",
    Channel.Audience.PARENTS: "ouders en verzorgers van de school (besloten)",
    Channel.Audience.INTERNAL: "medewerkers van de school",
}


def in_eea(location: str) -> bool:
    """Whether a processor's location is in the EU or the EEA: its words before any
    brackets or comma ("Nederland (Amsterdam)", "EU, Frankfurt")."""
    place = re.split(r"[(,;/]", location.strip().lower(), maxsplit=1)[0].strip()
    return place in _EEA


def people_counts(school: School) -> dict[str, int]:
    pupils = Pupil.objects.filter(school=school, left_on__isnull=True)
    return {
        "pupils": pupils.count(),
        "guardians": Guardianship.objects.current()
        .filter(pupil__in=pupils)
        .values("guardian")
        .distinct()
        .count(),
        "staff": Membership.objects.filter(school=school, left_on__isnull=True)
        .values("user")
        .distinct()
        .count(),
    }


def channels_of(school: School) -> list[Channel]:
    return list(Channel.objects.filter(school=school, retired_on__isnull=True))


def privacy_contacts(school: School) -> list[str]:
    members = Membership.objects.filter(
        school=school, role=Role.PRIVACY_OFFICER, left_on__isnull=True
    ).select_related("user")
    return [f"{m.user.get_full_name() or m.user.email} ({m.user.email})" for m in members]


def retention_periods(school: School) -> dict[str, tuple[str, str]]:
    """Each kind of record, what it is called and how long it is kept, as the daily jobs
    apply it (actions.retention, recordings' purge-expired)."""
    return {
        "recordings": (
            "Lesopnames voor coaching",
            f"{settings.RECORDING_REVIEW_GRACE_HOURS} uur na het coachgesprek, en uiterlijk "
            f"{settings.RECORDING_KEEP_DAYS} dagen na de les; daarna vernietigd. Alleen het "
            "verslag van de vernietiging blijft.",
        ),
        "consent_proof": (
            "Bewijs van toestemming",
            "Zolang de leerling op school is. Na vertrek zolang iets gepubliceerd de leerling "
            "nog kan tonen (gedrukt: vanaf de verschijningsdatum), en daarna nog "
            f"{settings.RETENTION_CONSENT_PROOF_MARGIN_DAYS} dagen. De audittrail houdt daarna "
            "nog wel vast dát er een keuze is vastgelegd.",
        ),
        "pupil_file": (
            "Brieven en reacties in het leerlingdossier",
            f"{settings.RETENTION_PUPIL_FILE_YEARS} jaar nadat de leerling de school verliet "
            "of nadat de brief werd opgenomen, als dat later was; nooit zolang een stap buiten "
            "school bij het incident nog niet is vastgelegd.",
        ),
        "personnel_file": (
            "Brieven en reacties in het personeelsdossier",
            f"{settings.RETENTION_PERSONNEL_FILE_YEARS} jaar nadat de medewerker de laatste "
            "school van het bestuur verliet of nadat de brief werd opgenomen, als dat later "
            "was; nooit zolang een stap buiten school bij het incident nog niet is vastgelegd.",
        ),
        "evidence": (
            "Bewijsstukken bij incidenten",
            f"{school.board.evidence_keep_months} maanden na het laatste dat bij het incident "
            "is vastgelegd (keuze van het bestuur), en nooit zolang een melding bij de "
            "vertrouwensinspecteur of de politie die het bestuur nodig vond nog niet is "
            "vastgelegd.",
        ),
        "originals": (
            "Foto's, video's en geluid",
            "Wat nooit aan een publicatie is toegevoegd: "
            f"{settings.RETENTION_UNUSED_MEDIA_MONTHS} maanden na de activiteit of na het "
            "uploaden (als dat later was) verwijderd, met alles wat ervan gemaakt is en de "
            "gevonden gezichten. Wat aan een publicatie is toegevoegd, ook een concept, blijft "
            "bij die publicatie zolang de school die bewaart. Wat naar buiten gaat, is altijd "
            "een nieuwe afbeelding die Beeldwacht zelf maakt, zonder de gegevens uit het "
            "origineel.",
        ),
        "audit": (
            "Audittrail",
            "Zolang de school Beeldwacht gebruikt: niemand kan een gebeurtenis wijzigen of "
            "verwijderen. Daarin staat wie wat besliste en wanneer, met interne nummers; bij "
            "verwijderingen na een bewaartermijn alleen aantallen.",
        ),
        "roster": (
            "Leerlingen, ouders en medewerkers in de leerlingenlijst",
            "Geen automatische termijn: wie vertrekt, blijft met de vertrekdatum in de lijst "
            "staan (blokkades en hun reden ook), tot de school de gegevens laat verwijderen. "
            "Dat geldt ook voor antwoorden van gasten bij activiteiten en van ouders op vragen "
            "over lesopnames.",
        ),
    }


def processor_table(processors: list[Processor]) -> tuple[tuple[str, ...], ...]:
    rows = [("Organisatie", "Wat zij voor de school doen", "Waar", "Verwerkersovereenkomst")]
    for processor in processors:
        signed = (
            dutch_day(processor.agreement_on) if processor.agreement_on else "nog niet getekend"
        )
        rows.append((processor.name, processor.service, processor.location, signed))
    return tuple(rows)


def channel_table(channels: list[Channel]) -> tuple[tuple[str, ...], ...]:
    rows = [("Kanaal", "Wie het ziet", "Beheer", "Gebruikt voor")]
    for channel in channels:
        owner = (
            "de school"
            if channel.owner == Channel.Owner.SCHOOL
            else "een extern medium, onder eigen verantwoordelijkheid"
        )
        rows.append((channel.name, AUDIENCE[channel.audience], owner, channel.description or "-"))
    return tuple(rows)


def transfers(processors: list[Processor]) -> str:
    outside = [p for p in processors if not in_eea(p.location)]
    if not processors:
        return "Nog niet te zeggen: er zijn nog geen verwerkers vastgelegd."
    if not outside:
        return "Geen: alle verwerkers houden de gegevens in de EU of de EER."
    names = ", ".join(f"{p.name} ({p.location})" for p in outside)
    return f"Mogelijk: {names}. Leg vast op welke waarborg (AVG art. 46) de doorgifte rust."


def processing_register(school: School, today: date) -> Document:
    people = people_counts(school)
    channels = channels_of(school)
    processors = list(school.processors.all())
    contacts = privacy_contacts(school)
    abroad = transfers(processors)
    periods = retention_periods(school)
    who = (
        f"Leerlingen ({people['pupils']}), hun ouders en verzorgers ({people['guardians']}) "
        f"en medewerkers ({people['staff']})."
    )
    security = (
        "Toegang per rol, elke school apart; schoolleiding en privacycontactpersoon loggen "
        "in met een tweede factor"
        + ("" if school.second_factor_required else " (bij deze school uitgezet)")
        + "; elke beslissing en inzage in de audittrail."
    )
    return Document(
        title=f"Verwerkingsregister {school.name}",
        subtitle=(
            f"Register van verwerkingsactiviteiten (AVG artikel 30) voor wat de school met "
            f"Beeldwacht verwerkt. Opgesteld uit de instellingen op {dutch_day(today)}."
        ),
        made_on=today,
        sections=(
            Section(
                "Verwerkingsverantwoordelijke",
                terms=(
                    ("Bevoegd gezag", school.board.name),
                    ("School", f"{school.name} (BRIN {school.brin})"),
                    (
                        "Privacycontactpersoon",
                        "; ".join(contacts)
                        or "Nog niet aangewezen: geef een medewerker de rol privacycontactpersoon.",
                    ),
                ),
            ),
            Section(
                "1. Toestemming voor beeld, geluid en naam",
                terms=(
                    (
                        "Doel",
                        "Vastleggen welke toestemming ouders en verzorgers, leerlingen vanaf 16 "
                        "jaar en medewerkers geven per kanaal voor beeld, geluid en naam, en die "
                        "toestemming toepassen bij elke publicatie en elke intrekking.",
                    ),
                    (
                        "Grondslag",
                        "Toestemming (AVG art. 6 lid 1 a en art. 8; UAVG art. 5). Het bewijs "
                        "van toestemming bewaren is een plicht (AVG art. 7 lid 1).",
                    ),
                    ("Betrokkenen", who),
                    (
                        "Persoonsgegevens",
                        "Naam, leerlingnummer, geboortedatum en groep; naam en e-mailadres van "
                        "ouders en verzorgers; per kanaal de keuze, de datum, wie koos en op "
                        "welke tekst; blokkades (veiligheid, gezagsgeschil) met hun reden.",
                    ),
                    (
                        "Ontvangers",
                        "Schoolleiding, administratie en privacycontactpersoon. Leerkrachten "
                        "zien voor hun eigen groepen alleen of iets mag, nooit waarom niet.",
                    ),
                    ("Doorgifte buiten de EU", abroad),
                    ("Bewaartermijn", periods["consent_proof"][1]),
                    ("Beveiliging", security),
                ),
            ),
            Section(
                "2. Foto's en video's van activiteiten, met gezichtsdetectie",
                terms=(
                    (
                        "Doel",
                        "Beeld van schoolactiviteiten verzamelen, nagaan wie erop staat en "
                        "kinderen zonder toestemming onherkenbaar maken voordat er iets "
                        "gepubliceerd wordt.",
                    ),
                    (
                        "Grondslag",
                        "Maken en intern beoordelen: de taak of het gerechtvaardigd belang van "
                        "de school. Publiceren: alleen met toestemming (verwerking 3).",
                    ),
                    ("Betrokkenen", who),
                    (
                        "Persoonsgegevens",
                        "Foto's, video's en geluid; de plaats van gevonden gezichten; wie een "
                        "medewerker bij een gezicht aanwees. Gezichten worden gevonden, nooit "
                        "herkend: Beeldwacht maakt geen biometrische kenmerken.",
                    ),
                    (
                        "Ontvangers",
                        "De medewerkers die de activiteit beheren, communicatie en schoolleiding.",
                    ),
                    ("Doorgifte buiten de EU", abroad),
                    ("Bewaartermijn", periods["originals"][1]),
                    ("Beveiliging", security),
                ),
            ),
            Section(
                "3. Publiceren op de kanalen van de school",
                paragraphs=(
                    "Elke publicatie wordt vooraf gecontroleerd op toestemming per kind, "
                    "kanaal en soort (beeld, geluid, naam). Trekt een ouder toestemming in, "
                    "dan maakt Beeldwacht voor elke plaats waar het kind te zien is een "
                    "verwijdertaak; eigen pagina's past Beeldwacht direct aan. Gedrukt "
                    "materiaal kan niet worden teruggehaald.",
                ),
                table=channel_table(channels),
            ),
            Section(
                "4. Lesopnames voor coaching",
                terms=(
                    (
                        "Doel",
                        "Een les opnemen voor de coaching van een leerkracht of stagiair, of "
                        "voor betere begeleiding van een leerling (in overleg met de ouders).",
                    ),
                    (
                        "Betrokkenen",
                        "De leerlingen van de groep, de leerkracht of stagiair, de begeleider.",
                    ),
                    (
                        "Ontvangers",
                        "Alleen wie opnam en de begeleider; geen andere rol, ook niet de "
                        "schoolleiding.",
                    ),
                    ("Bewaartermijn", periods["recordings"][1]),
                    (
                        "Beveiliging",
                        "Versleuteld opgeslagen (AES-256-GCM); elke weergave in de audittrail.",
                    ),
                ),
            ),
            Section(
                "5. Incidenten, maatregelen en dossiers",
                terms=(
                    (
                        "Doel",
                        "Overtredingen van het mediaprotocol vastleggen, maatregelen nemen en "
                        "de stappen buiten school (vertrouwensinspecteur, politie, WPO art. 4a) "
                        "volgen.",
                    ),
                    (
                        "Grondslag",
                        "Wettelijke plicht (WPO art. 4a) en de taak van de school als "
                        "werkgever en onderwijsinstelling.",
                    ),
                    (
                        "Betrokkenen",
                        "Medewerkers, leerlingen, ouders en anderen die betrokken zijn.",
                    ),
                    (
                        "Ontvangers",
                        "Alleen schoolleiding en bestuur; een WPO 4a-dossier alleen het bestuur.",
                    ),
                    (
                        "Bewaartermijn",
                        " ".join(
                            periods[kind][1]
                            for kind in ("pupil_file", "personnel_file", "evidence")
                        ),
                    ),
                ),
            ),
            Section(
                "Bewaartermijnen",
                paragraphs=("Beeldwacht past deze termijnen elke dag zelf toe.",),
                terms=tuple(periods.values()),
            ),
            Section(
                "Verwerkers",
                paragraphs=(
                    ()
                    if processors
                    else ("Nog geen verwerkers vastgelegd. Voeg ze toe op de privacypagina.",)
                ),
                table=processor_table(processors) if processors else (),
            ),
        ),
    )
