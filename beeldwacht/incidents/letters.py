"""The letters a measure is put in writing with (Sancties; DOMAIN 7: all correspondence goes
into the personnel file or the pupil file). School content in Dutch, filled per person with
domain.letters.fill; management reads the draft, may change it, and files it."""

STAFF = (
    "Geachte [naam],\n\n"
    "Naar aanleiding van het incident van [incident_datum] ([wat]) en het gesprek dat wij "
    "daarover met u hebben gevoerd, deel ik u mee dat u een [maatregel] krijgt.[toelichting] "
    "Het mediaprotocol van de school geldt voor alle medewerkers, ook voor wat u privé "
    "plaatst over de school, leerlingen, ouders en collega's.\n\n"
    "Deze brief wordt opgenomen in uw personeelsdossier.\n\n"
    "Met vriendelijke groet,\n\n[afzender]\n[school]\n[datum]"
)

# Sancties: summary dismissal, with the note that the conduct may be dereliction of duty.
SUMMARY_DISMISSAL_NOTE = (
    " Ontslag op staande voet wordt gegeven wegens een dringende reden; uw handelen kan ook "
    "plichtsverzuim zijn."
)

PUPIL = (
    "Geachte ouders/verzorgers van [naam],\n\n"
    "Naar aanleiding van het incident van [incident_datum] ([wat]) en het gesprek dat wij "
    "daarover met u hebben gevoerd, deel ik u mee dat de school heeft besloten tot een "
    "[maatregel]. Het mediaprotocol van de school geldt voor leerlingen en ouders.\n\n"
    "Deze brief wordt opgenomen in het leerlingdossier.\n\n"
    "Met vriendelijke groet,\n\n[afzender]\n[school]\n[datum]"
)

GUARDIAN = (
    "Geachte [naam],\n\n"
    "Naar aanleiding van het incident van [incident_datum] ([wat]) en het gesprek dat wij "
    "daarover met u hebben gevoerd, deel ik u mee dat de school heeft besloten tot een "
    "[maatregel]. Het mediaprotocol van de school geldt ook voor ouders en verzorgers.\n\n"
    "Deze brief wordt opgenomen in het dossier van uw kind.\n\n"
    "Met vriendelijke groet,\n\n[afzender]\n[school]\n[datum]"
)

BY_ROLE = {"staff": STAFF, "pupil": PUPIL, "guardian": GUARDIAN}
