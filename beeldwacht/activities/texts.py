"""What a school starts with before it writes its own: the message to parents per kind of
activity, the photo rules for parents inside and outside the school (protocol "Ouders die
beeldmateriaal maken" A.1-3 and B.1-2), and the privacy rules an accompanying parent or
volunteer accepts (B.3). School content in Dutch, like the consent text: the school edits
it in the settings and it is sent as written, whatever language the reader's screen has.
Fill-in places in square brackets (domain.letters)."""

MESSAGES = {
    "performance": (
        "[activiteit] op [datum]",
        "Beste ouders en verzorgers,\n\n"
        "Op [datum] speelt groep [groepen] [activiteit]. U bent van harte welkom om te komen "
        "kijken.",
    ),
    "school_trip": (
        "[activiteit] op [datum]",
        "Beste ouders en verzorgers,\n\n"
        "Op [datum] gaat groep [groepen] op schoolreis: [activiteit]. Meer over vertrek en "
        "terugkomst hoort u van de leerkracht.",
    ),
    "camp": (
        "[activiteit] vanaf [datum]",
        "Beste ouders en verzorgers,\n\n"
        "Vanaf [datum] gaat groep [groepen] op kamp: [activiteit]. Meer over de dagen en wat "
        "uw kind meeneemt hoort u van de leerkracht.",
    ),
    "sports_day": (
        "Sportdag op [datum]",
        "Beste ouders en verzorgers,\n\n"
        "Op [datum] houdt groep [groepen] de sportdag: [activiteit]. Komt u aanmoedigen?",
    ),
    "celebration": (
        "[activiteit] op [datum]",
        "Beste ouders en verzorgers,\n\n"
        "Op [datum] vieren we met groep [groepen] [activiteit]. U bent welkom.",
    ),
    "other": (
        "[activiteit] op [datum]",
        "Beste ouders en verzorgers,\n\nOp [datum] is er voor groep [groepen]: [activiteit].",
    ),
}

RULES_INSIDE = (
    "Foto's en filmpjes maken\n\n"
    "De school is geen openbare ruimte: de school stelt regels aan het maken van foto's en "
    "filmpjes door ouders. Maak alleen foto's en filmpjes van uw eigen kind. Bij een "
    "groepsactiviteit lukt dat niet altijd; wees dan extra terughoudend en zet beelden waarop "
    "andere kinderen staan niet op sociale media en laat ze niet buiten de familie zien. "
    "Houdt iemand zich niet aan deze regels, dan grijpt de school in.\n\n"
    "Met vriendelijke groet,\n[school]"
)

RULES_OUTSIDE = (
    "Foto's en filmpjes maken\n\n"
    "Ook buiten school gelden de privacyregels voor foto's en filmpjes. Maak alleen foto's "
    "en filmpjes van uw eigen kind en zet beelden waarop andere kinderen staan niet op "
    "sociale media. Wat u zelf maakt en deelt, valt onder uw eigen verantwoordelijkheid en "
    "niet onder die van de school. Gaat u mee als begeleider, dan houdt u zich aan de "
    "privacyregels die de school voor haar medewerkers heeft; die krijgt u apart.\n\n"
    "Met vriendelijke groet,\n[school]"
)

COMPANION_RULES = (
    "Privacyregels voor begeleiders en vrijwilligers\n\n"
    "Als begeleider of vrijwilliger bent u tijdens de activiteit aan dezelfde privacyregels "
    "gehouden als de medewerkers van de school.\n\n"
    "1. U maakt geen foto's of filmpjes van andere kinderen dan uw eigen kind, tenzij de "
    "leerkracht u dat vraagt voor de school. Zulke beelden geeft u aan de school en u "
    "verwijdert ze daarna van uw telefoon.\n"
    "2. U zet geen beelden of namen van leerlingen op sociale media of in een appgroep.\n"
    "3. Wat u over leerlingen hoort of ziet, blijft vertrouwelijk.\n"
    "4. Twijfelt u, of gaat er iets mis, dan meldt u het meteen bij de leerkracht."
)
