"""What a new school starts with. Keys are stable: other systems and exports use them."""

from django.utils.translation import gettext_noop

# key, Dutch-first name (translated at display), audience, owner, description
DEFAULT_CHANNELS = [
    (
        "website",
        gettext_noop("School website"),
        "public",
        "school",
        gettext_noop("News and photos on the school's public website."),
    ),
    (
        "social_media",
        gettext_noop("Social media"),
        "public",
        "school",
        gettext_noop("The school's own accounts on social media."),
    ),
    (
        "newsletter",
        gettext_noop("Newsletter"),
        "parents",
        "school",
        gettext_noop("The newsletter mailed to parents of the school."),
    ),
    (
        "parent_app",
        gettext_noop("Parent app"),
        "parents",
        "school",
        gettext_noop("The closed parent portal of the school."),
    ),
    (
        "school_guide",
        gettext_noop("School guide"),
        "public",
        "school",
        gettext_noop("The yearly school guide (schoolgids)."),
    ),
    (
        "press",
        gettext_noop("Local press"),
        "public",
        "external",
        gettext_noop("Local and regional newspapers and TV visiting the school."),
    ),
    (
        "trade_media",
        gettext_noop("Trade media"),
        "public",
        "external",
        gettext_noop("Professional and sector magazines."),
    ),
    (
        "internal",
        gettext_noop("Internal use"),
        "internal",
        "school",
        gettext_noop("Within the school only, for example in the staff room or portfolio."),
    ),
]

DEFAULT_CONSENT_TEXT = """\
De school wil graag laten zien wat er op school gebeurt, ook met foto's, video's, geluid en \
berichten waarin uw kind voorkomt. Wij vragen daarvoor per kanaal en per soort toestemming.

- U geeft toestemming per kanaal (bijvoorbeeld de website of de nieuwsbrief).
- U kiest per soort: beeld (foto en video), geluid, en naam of gegevens in tekst.
- U kunt uw toestemming op elk moment intrekken, net zo makkelijk als u die gaf.
- Zonder uw antwoord gaan wij ervan uit dat u géén toestemming geeft.
- Gezichten op foto's worden automatisch opgespoord om ze te kunnen vervagen; gezichten worden \
nooit herkend en er worden geen biometrische gegevens bewaard.

De school gebruikt beeldmateriaal volgens het protocol sociale en traditionele media, website en \
beeldmateriaal. U vindt dit protocol op de website van de school.
"""
