"""Names of the languages services speak, as a person reads them: one home for the search page, the service page and
the referral sheet (Django's CLDR-derived table, `django.conf.locale.LANG_INFO`, plus the few it lacks)."""

from babel import Locale
from django.utils.translation import get_language_info, gettext_lazy

# Languages Django's own table does not name, with their names in themselves.
OTHER_LANGUAGES = {
    "ps": (gettext_lazy("Pashto"), "پښتو"),
    "ku": (gettext_lazy("Kurdish"), "Kurdî"),
    "so": (gettext_lazy("Somali"), "Soomaali"),
    "ti": (gettext_lazy("Tigrinya"), "ትግርኛ"),
}


def language_name(code: str, *, with_own_name: bool = True) -> str:
    """An ISO 639-1 code as its name in the active language; with its name in itself too, when that differs."""
    if code in OTHER_LANGUAGES:
        translated_lazy, local = OTHER_LANGUAGES[code]
        translated = str(translated_lazy)
    else:
        try:
            info = get_language_info(code)
        except KeyError:
            return code.upper()
        translated, local = str(info["name_translated"]), info["name_local"]
    if not with_own_name or translated.casefold() == local.casefold():
        return translated
    return f"{translated} ({local})"


# Our codes that CLDR spells otherwise: Kurmanji is CLDR's `ku` (Latin script); Sorani is `ckb` in both.
BABEL_LOCALES = {"kmr": "ku"}


def babel_locale(code: str) -> str:
    """A language code of ours as the CLDR locale Babel knows it by."""
    return BABEL_LOCALES.get(code, code)


def language_name_in(code: str, language: str) -> str:
    """An ISO 639-1 code as its name in `language` (any CLDR locale, not only the interface's), from CLDR via Babel;
    the English name, then the code, where CLDR has none."""
    for locale in (babel_locale(language), "en"):
        name = Locale.parse(locale).languages.get(babel_locale(code))
        if name:
            return name
    return code.upper()
