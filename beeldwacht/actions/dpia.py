"""The input for a DPIA (AVG art. 35), generated from the school's configuration and this
installation's measures, with what the configuration leaves open (actions.register has the
facts it shares with the processing register)."""

from datetime import date
from urllib.parse import urlsplit

from django.conf import settings

from beeldwacht.actions.board_overview import trail_check
from beeldwacht.actions.register import (
    channel_table,
    channels_of,
    in_eea,
    people_counts,
    privacy_contacts,
    processor_table,
    retention_periods,
    transfers,
)
from beeldwacht.common.documents import Document, Section, dutch_day
from beeldwacht.consent.models import Channel
from beeldwacht.media.models import Activity, MediaItem
from beeldwacht.schools.models import School


def _open_points(school: School, channels, processors, contacts) -> tuple[str, ...]:
    points = []
    if not contacts:
        points.append("Er is geen privacycontactpersoon aangewezen.")
    if not school.second_factor_required:
        points.append("Schoolleiding en privacycontactpersoon loggen in zonder tweede factor.")
    for processor in processors:
        if processor.agreement_on is None:
            points.append(f"Met {processor.name} is nog geen verwerkersovereenkomst getekend.")
        if not in_eea(processor.location):
            points.append(
                f"{processor.name} houdt gegevens in {processor.location}: buiten de EU of de EER."
            )
    for channel in channels:
        if channel.owner == Channel.Owner.EXTERNAL and not channel.editor_email:
            points.append(
                f"Bij {channel.name} ontbreekt het e-mailadres van de redactie: een "
                "verwijderverzoek kan daar niet vanzelf heen."
            )
    if not processors:
        points.append("Er zijn nog geen verwerkers vastgelegd.")
    return tuple(points)


def dpia_input(school: School, today: date) -> Document:
    people = people_counts(school)
    channels = channels_of(school)
    processors = list(school.processors.all())
    contacts = privacy_contacts(school)
    public = [c.name for c in channels if c.audience == Channel.Audience.PUBLIC]
    trail = trail_check()
    periods = retention_periods(school)
    storage = "op de eigen server van de installatie"
    if endpoint := settings.STORAGES["private"].get("OPTIONS", {}).get("endpoint_url"):
        storage = f"in S3-compatibele opslag bij {urlsplit(endpoint).hostname}"
    elif settings.STORAGES["private"]["BACKEND"].endswith("S3Storage"):
        storage = "in S3-compatibele opslag"
    items = MediaItem.objects.filter(activity__school=school).count()
    return Document(
        title=f"DPIA-invoer {school.name}",
        subtitle=(
            "Feiten voor de gegevensbeschermingseffectbeoordeling (AVG artikel 35) van het "
            "gebruik van Beeldwacht, samengesteld uit de instellingen op "
            f"{dutch_day(today)}. De beoordeling zelf doet de school met haar functionaris "
            "gegevensbescherming."
        ),
        made_on=today,
        sections=(
            Section(
                "Omvang",
                terms=(
                    ("Leerlingen", str(people["pupils"])),
                    ("Ouders en verzorgers", str(people["guardians"])),
                    ("Medewerkers", str(people["staff"])),
                    ("Activiteiten", str(Activity.objects.filter(school=school).count())),
                    ("Foto's, video's en geluidsopnames", str(items)),
                    ("Kanalen", str(len(channels))),
                ),
            ),
            Section(
                "Kanalen en wie ze zien",
                paragraphs=(
                    (
                        "Openbare kanalen: " + ", ".join(public) + ". Wat daar staat, kan "
                        "iedereen kopiëren; intrekken haalt het bij de school weg, niet bij "
                        "wie het al kopieerde."
                    )
                    if public
                    else "De school heeft geen openbare kanalen.",
                ),
                table=channel_table(channels),
            ),
            Section("Bewaartermijnen", terms=tuple(periods.values())),
            Section(
                "Verwerkers",
                paragraphs=(transfers(processors),),
                table=processor_table(processors) if processors else (),
            ),
            Section(
                "Maatregelen in deze installatie",
                terms=(
                    (
                        "Inloggen",
                        "Ouders met een code per e-mail; medewerkers met wachtwoord of code, "
                        + (
                            "schoolleiding en privacycontactpersoon met een tweede factor."
                            if school.second_factor_required
                            else "zonder tweede factor (uitgezet door de school)."
                        ),
                    ),
                    (
                        "Toestemming",
                        "Vervalt elk schooljaar en wordt opnieuw gevraagd."
                        if school.consent_lapses_yearly
                        else "Geldt tot de ouder haar wijzigt of intrekt; bij een gewijzigde "
                        "toestemmingstekst wordt opnieuw gevraagd.",
                    ),
                    (
                        "Gezichtsdetectie",
                        "Op deze computer, zonder internet; gezichten worden gevonden, nooit "
                        "herkend"
                        + (
                            ", met een tweede model voor gezichten die het eerste mist."
                            if settings.MEDIA_THOROUGH_DETECTION
                            else "."
                        ),
                    ),
                    (
                        "Wat naar buiten gaat",
                        "Altijd een nieuwe afbeelding die Beeldwacht maakt: kinderen zonder "
                        "toestemming onherkenbaar, zonder metadata, locatie of kleurprofiel uit "
                        "het origineel.",
                    ),
                    ("Opslag van originelen", f"Privé, {storage}; nooit via een openbare link."),
                    ("Lesopnames", "Versleuteld (AES-256-GCM); alleen maker en begeleider."),
                    (
                        "Audittrail",
                        "Elke gebeurtenis aan de vorige geketend en met een sleutel verzegeld; "
                        + (
                            f"laatst intact bevonden op {dutch_day(trail.last_intact_on)}."
                            if trail.last_intact_on
                            else "nog niet gecontroleerd."
                        ),
                    ),
                ),
            ),
            Section(
                "Risico's voor kinderen en ouders, en wat Beeldwacht doet",
                terms=(
                    (
                        "Een kind zonder toestemming komt in beeld",
                        "Elke foto en video wordt per kanaal beoordeeld; wie geen toestemming "
                        "heeft, wordt vervaagd of de publicatie wordt tegengehouden.",
                    ),
                    (
                        "Een intrekking bereikt niet elke plek",
                        "Het register van plaatsingen maakt per plek een verwijdertaak met "
                        "termijn en herinneringen; ook voor foto's waarop het kind niet is "
                        "aangewezen maar wel kan staan.",
                    ),
                    (
                        "Een kind in een onveilige situatie wordt vindbaar",
                        "Een blokkade (veiligheid, gezagsgeschil) gaat voor elke toestemming en "
                        "haalt alles direct weg.",
                    ),
                    (
                        "Iemand ziet meer dan nodig",
                        "Rollen per school; leerkrachten zien geen redenen; lesopnames alleen "
                        "maker en begeleider; incidenten alleen schoolleiding en bestuur.",
                    ),
                    (
                        "Gegevens blijven te lang bewaard",
                        "De bewaartermijnen hierboven worden elke dag toegepast; waar geen "
                        "automatische termijn staat, verwijdert de school zelf.",
                    ),
                ),
            ),
            Section(
                "Aandachtspunten uit de instellingen",
                paragraphs=_open_points(school, channels, processors, contacts)
                or ("Geen aandachtspunten gevonden in de instellingen.",),
            ),
        ),
    )
