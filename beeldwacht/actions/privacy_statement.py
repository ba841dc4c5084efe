"""The privacy statement on photos, video and names, for parents and everyone else (DOMAIN 9:
it tells guardians that faces are detected, never recognised, to blur them). Public, like
the protocol; written from the same configuration as the processing register, in the
formal Dutch the school uses with parents."""

from datetime import date

from beeldwacht.actions.register import (
    AUDIENCE,
    channels_of,
    privacy_contacts,
    retention_periods,
)
from beeldwacht.common.documents import Document, Section
from beeldwacht.schools.models import School


def privacy_statement(school: School, today: date) -> Document:
    contacts = privacy_contacts(school)
    periods = retention_periods(school)
    channels = channels_of(school)
    processors = list(school.processors.all())
    return Document(
        title=f"Privacyverklaring beeld en namen, {school.name}",
        subtitle=(
            f"Hoe {school.name} omgaat met foto's, video's, geluid en namen van leerlingen, "
            "ouders en medewerkers. Deze verklaring volgt de instellingen van de school: wat "
            "hier staat, geldt nu."
        ),
        made_on=today,
        sections=(
            Section(
                "Alleen met uw toestemming",
                paragraphs=(
                    "De school publiceert een kind alleen herkenbaar, hoorbaar of bij naam met "
                    "toestemming van de ouders, per kanaal en per soort (beeld, geluid, naam). "
                    "Leerlingen van 16 jaar en ouder beslissen zelf. U geeft en wijzigt uw "
                    "keuzes in het ouderportaal; u kunt ze altijd intrekken.",
                    "Trekt u toestemming in, dan haalt de school uw kind weg op elke plek waar "
                    "het te zien of te lezen is: de eigen pagina's van de school direct, "
                    "andere plekken via een verwijderverzoek. Wat gedrukt is, kan niet meer "
                    "worden teruggehaald.",
                ),
                table=(
                    (("Kanaal", "Wie het ziet"),)
                    + tuple((channel.name, AUDIENCE[channel.audience]) for channel in channels)
                    if channels
                    else ()
                ),
            ),
            Section(
                "Gezichten worden gevonden, nooit herkend",
                paragraphs=(
                    "Om kinderen zonder toestemming onherkenbaar te maken, zoekt de software "
                    "van de school op foto's en in video's naar gezichten. Zij herkent niemand: "
                    "een medewerker van de school geeft aan wie er op de foto staat. Er worden "
                    "geen biometrische gegevens gemaakt of bewaard, en de foto's gaan daarvoor "
                    "niet naar een andere partij.",
                    "Wat de school publiceert, is altijd een nieuwe afbeelding zonder de "
                    "verborgen gegevens van het origineel, zoals de plaats waar de foto is "
                    "gemaakt.",
                ),
            ),
            Section("Hoe lang de school gegevens bewaart", terms=tuple(periods.values())),
            Section(
                "Uw rechten",
                terms=(
                    (
                        "Inzage",
                        "In het ouderportaal downloadt u alles wat de school over uw kind "
                        "vastlegt op dit gebied, in één bestand.",
                    ),
                    (
                        "Intrekken en verwijderen",
                        "U trekt toestemming in via het ouderportaal, zonder reden te geven. "
                        "Voor verbeteren of verwijderen van andere gegevens neemt u contact op "
                        "met de school.",
                    ),
                    (
                        "Klacht",
                        "Komt u er met de school niet uit, dan kunt u een klacht indienen bij "
                        "de Autoriteit Persoonsgegevens.",
                    ),
                ),
            ),
            Section(
                "Wie voor de school gegevens verwerkt",
                paragraphs=(
                    () if processors else ("De school heeft hier nog geen verwerkers vermeld.",)
                ),
                table=(
                    (("Organisatie", "Wat zij voor de school doen"),)
                    + tuple((p.name, p.service) for p in processors)
                    if processors
                    else ()
                ),
            ),
            Section(
                "Contact",
                paragraphs=(
                    (
                        "Vragen over privacy stelt u aan de privacycontactpersoon van de "
                        "school: " + "; ".join(contacts) + "."
                    )
                    if contacts
                    else "Vragen over privacy stelt u aan de directie van de school.",
                    f"Bevoegd gezag: {school.board.name}.",
                ),
            ),
        ),
    )
