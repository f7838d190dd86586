"""The referral sheet in the client's language: complete catalogues, lang/dir, no English fixed words, CLDR names,
several services on one sheet, the client page, the languages page and the errors."""

import re
import subprocess
import uuid
from datetime import date

import pytest
from babel import Locale
from babel.messages.pofile import read_po
from django.test import Client

from referrals.sheet import MESSAGES, SHEET_LANGUAGES, SOURCE_LANGUAGE, catalogue_path, content_language, labels
from services.hours import weekday_names_in
from services.languages import babel_locale, language_name_in
from tests.referrals.helpers import described_service, sheet_text

RTL = {"ar", "fa", "ps", "ur", "ckb"}
TRANSLATED = [code for code in SHEET_LANGUAGES if code != SOURCE_LANGUAGE]


@pytest.mark.parametrize("language", TRANSLATED)
def test_each_catalogue_is_complete_and_msgfmt_clean(language: str) -> None:
    po = catalogue_path(language)
    checked = subprocess.run(  # noqa: S603
        ["/usr/bin/msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stderr
    assert checked.stderr.strip() == f"{len(MESSAGES)} translated messages.", checked.stderr  # no fuzzy, none missing
    with po.open("rb") as handle:
        catalogue = read_po(handle)
    entries = {m.id: m for m in catalogue if m.id}
    assert set(entries) == set(MESSAGES.values())
    for msgid, message in entries.items():
        assert message.string and not message.fuzzy, msgid
        assert re.findall(r"\{\w+\}", message.string) == re.findall(r"\{\w+\}", msgid), msgid
        if language not in {"el"}:  # the client's languages: nothing left in English
            assert message.string != msgid, msgid
    assert "X-Review-State: machine-made, needs native review" in po.read_text(encoding="utf-8")


@pytest.mark.django_db
@pytest.mark.parametrize("language", SHEET_LANGUAGES)
def test_the_sheet_speaks_the_clients_language(language: str) -> None:
    service = described_service()
    response = Client().get(f"/referral/?services={service.id}&lang={language}")
    assert response.status_code == 200
    html = response.content.decode()
    direction = "rtl" if language in RTL else "ltr"
    assert f'<html lang="{language}" dir="{direction}">' in html
    text = sheet_text(html, skip_lang=content_language(language))
    words = labels(language)
    for key in ("kicker", "where", "when", "bring", "how_to_apply", "cost", "free", "languages_spoken", "contact",
                "show_paper", "referred_by", "caseworker", "phone", "date", "notes", "scan", "closed"):  # fmt: skip
        assert words[key] in text, (key, words[key])
    locale = Locale.parse(babel_locale(language))
    days = weekday_names_in(language)
    assert days["MO"] in text and days["SU"] in text
    assert locale.days["format"]["wide"][0] == days["MO"]
    for code in ("ar", "fa"):
        assert language_name_in(code, language) in text
    if language != "en":
        english = [m.split("{")[0].strip(" :") for m in MESSAGES.values()] + ["Monday", "Sunday", "Arabic", "Persian"]
        own = " ".join(words.values())  # French writes "Date" too: a word of the language's own labels is not English
        found = [word for word in english if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text) and word not in own]
        assert not found, found
    if language not in {"el", "en"}:
        assert words["own_texts_en"] in text  # says, in the client's language, that the service's texts are English
        assert "Legal advice on asylum." in html  # …which they are
    else:
        assert words["own_texts_en"] not in text


@pytest.mark.django_db
def test_times_and_dates_come_from_cldr() -> None:
    service = described_service()
    service.assured_date = date(2026, 3, 5)
    service.save()
    html = Client().get(f"/referral/?services={service.id}&lang=fa").content.decode()
    assert "9:30–14:00" in html  # Persian writes the hour without a leading zero (CLDR Hm)
    assert "۵ مارس ۲۰۲۶" in html or "5 مارس 2026" in html or "مارس" in html
    english = Client().get(f"/referral/?services={service.id}&lang=en").content.decode()
    assert "09:30–14:00" in english and "Details last checked: March 5, 2026" in english


@pytest.mark.django_db
def test_three_services_on_one_arabic_sheet_in_the_order_given() -> None:
    services = [described_service() for _ in range(3)]
    ids = ",".join(str(s.id) for s in reversed(services))
    html = Client().get(f"/referral/?services={ids}&lang=ar").content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    positions = [html.index(f'id="service-{s.id}"') for s in reversed(services)]
    assert positions == sorted(positions)
    assert html.count('class="entry__qr"') == 3
    assert html.count('class="map"') == 0 or html.count('class="map"') == 3  # maps need an area (none in the factory)
    assert labels("ar")["kicker_many"] in html
    assert services[0].name_en in html and services[0].name_el not in html  # the service's own texts in English


@pytest.mark.django_db
def test_a_hidden_or_expired_service_is_said_so_on_the_sheet() -> None:
    shown, hidden, expired = described_service(), described_service(status="inactive"), described_service()
    expired.valid_to = date(2020, 1, 1)
    expired.save()
    ids = f"{shown.id},{hidden.id},{expired.id},{uuid.uuid4()}"
    response = Client().get(f"/referral/?services={ids}&lang=uk")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count(labels("uk")["not_listed"]) == 3
    assert shown.name_en in html and hidden.name_en not in html and expired.name_en not in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("services=" + ",".join(str(uuid.uuid4()) for _ in range(11)), "at most 10 services; this one has 11"),
        ("services=12,abc", "“12” is not a service id."),
        ("services=,,", "Give at least one service id"),
        (f"services={uuid.uuid4()}&lang=xx", "“xx” is not a language the sheet comes in."),
    ],
)
def test_a_bad_referral_link_is_a_400_with_a_message(query: str, message: str) -> None:
    for path in ("/en/referral/", "/en/r/"):
        response = Client().get(f"{path}?{query}")
        assert response.status_code == 400
        assert message in response.content.decode()


@pytest.mark.django_db
def test_the_one_service_sheet_keeps_its_address_and_knows_every_language() -> None:
    service = described_service()
    html = Client().get(f"/services/{service.id}/referral/?lang=ti").content.decode()
    assert '<html lang="ti" dir="ltr">' in html and labels("ti")["kicker"] in html
    assert Client().get(f"/services/{uuid.uuid4()}/referral/?lang=ti").status_code == 404


@pytest.mark.django_db
def test_the_client_page_has_no_site_navigation() -> None:
    services = [described_service() for _ in range(2)]
    ids = ",".join(str(s.id) for s in services)
    html = Client().get(f"/r/?services={ids}&lang=ckb").content.decode()
    assert '<html lang="ckb" dir="rtl">' in html
    assert "<nav" not in html and '<header class="site' not in html
    assert labels("ckb")["services_for_you"] in html
    assert all(f'id="service-{s.id}"' in html for s in services)
    empty = Client().get("/r/?lang=so")
    assert empty.status_code == 200 and labels("so")["no_services"] in empty.content.decode()


@pytest.mark.django_db
def test_the_sheet_offers_share_links_with_the_client_page() -> None:
    service = described_service()
    html = Client().get(f"/referral/?services={service.id}&lang=bn").content.decode()
    assert f'data-share-text="{labels("bn")["share_intro"]}"' in html
    assert f'data-share-url="http://testserver/r/?services={service.id}&amp;lang=bn"' in html


@pytest.mark.django_db
def test_the_languages_page_lists_each_catalogue_and_its_review_state() -> None:
    html = Client().get("/en/referral/languages/").content.decode()
    for code in SHEET_LANGUAGES:
        assert f"<code>{code}</code>" in html
    assert html.count("machine-made, needs review by a native speaker") == len(TRANSLATED)
    assert "source text" in html
    assert 'lang="ti" dir="ltr">ትግርኛ' in html and 'lang="ckb" dir="rtl">' in html
