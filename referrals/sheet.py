"""The referral sheet's own words in the client's language: one small gettext catalogue per language (domain `sheet`,
`referrals/locale/<lang>/LC_MESSAGES/sheet.po`), separate from the interface's `django` catalogues, read with Babel.

The English text is the msgid; each catalogue's header says how far it has been reviewed (`X-Review-State`)."""

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from babel import Locale
from babel.messages.pofile import read_po

from services.languages import babel_locale

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "sheet"

# The languages a sheet comes in, in the order the language menu lists them.
SHEET_LANGUAGES = ("el", "en", "ar", "fa", "ps", "ur", "bn", "ckb", "kmr", "so", "ti", "fr", "uk", "sq")
SOURCE_LANGUAGE = "en"
# The language the service's own texts (names, descriptions, addresses) are shown in on a sheet in each language.
CONTENT_LANGUAGE = {"el": "el"}  # every other sheet shows the English texts
MAX_SERVICES = 10

# key → the English text (msgid). Templates read them as {{ t.key }}; `{…}` placeholders are filled by the view.
MESSAGES = {
    "referral": "Referral",
    "kicker": "Referral to a service",
    "kicker_many": "Referral to services",
    "what": "What",
    "where": "Where",
    "when": "When",
    "closed": "Closed",
    "open_now": "Open now",
    "closed_now": "Closed now",
    "call_before": "Call before visiting.",
    "how_to_get_there": "How to get there",
    "bring": "What to bring",
    "no_documents": "No documents listed.",
    "how_to_apply": "How to apply",
    "contact_the_service": "Contact the service.",
    "cost": "Cost",
    "free": "Free of charge.",
    "languages_spoken": "Languages spoken there",
    "contact": "Contact",
    "show_paper": "Show this paper at the reception.",
    "referred_by": "Referred by",
    "caseworker": "Caseworker and organisation",
    "phone": "Phone",
    "date": "Date",
    "notes": "Notes",
    "scan": "Scan for the latest details",
    "map": "Map",
    "checked": "Details last checked: {date}",
    "printed": "Printed: {date}",
    "own_texts_en": "The service's own texts (names, descriptions, addresses) are in English.",
    "own_texts_el": "The service's own texts (names, descriptions, addresses) are in Greek.",
    "address_by_caseworker": "The caseworker will give you the address.",
    "area": "Area",
    "demo": "Demo data: this organisation and service are fictional.",
    "not_listed": "This service is no longer listed. Ask the caseworker for another one.",
    "services_for_you": "Services for you",
    "share_intro": "Services that can help you:",
    "no_services": "No services on this link.",
}

_REVIEW_STATE = re.compile(r'^"X-Review-State: (?P<state>[^"\\]*)\\n"$', re.MULTILINE)


def catalogue_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@dataclass(frozen=True)
class SheetLanguage:
    code: str
    name: str  # in itself (CLDR)
    english_name: str
    direction: str  # "ltr" or "rtl"
    review_state: str


@cache
def translations(language: str) -> dict[str, str]:
    """msgid → msgstr of a language's catalogue (translated, not fuzzy); the source language is its own msgids."""
    if language == SOURCE_LANGUAGE:
        return {}
    with catalogue_path(language).open("rb") as po:
        catalogue = read_po(po)
    return {
        m.id: m.string
        for m in catalogue
        if isinstance(m.id, str) and m.id and isinstance(m.string, str) and m.string and not m.fuzzy
    }


def labels(language: str) -> dict[str, str]:
    """The sheet's words in `language`, by key (an entry missing from the catalogue stays English)."""
    found = translations(language)
    return {key: found.get(msgid, msgid) for key, msgid in MESSAGES.items()}


@cache
def review_state(language: str) -> str:
    if language == SOURCE_LANGUAGE:
        return "source"
    match = _REVIEW_STATE.search(catalogue_path(language).read_text(encoding="utf-8"))
    return match["state"] if match else "unknown"


def direction(language: str) -> str:
    return "rtl" if Locale.parse(babel_locale(language)).character_order == "right-to-left" else "ltr"


def sheet_language(code: str) -> SheetLanguage:
    locale = Locale.parse(babel_locale(code))
    own = locale.get_display_name(locale) or code
    return SheetLanguage(
        code=code,
        name=own[:1].upper() + own[1:],
        english_name=locale.get_display_name("en") or code,
        direction=direction(code),
        review_state=review_state(code),
    )


def sheet_languages() -> list[SheetLanguage]:
    return [sheet_language(code) for code in SHEET_LANGUAGES]


def content_language(language: str) -> str:
    return CONTENT_LANGUAGE.get(language, "en")
