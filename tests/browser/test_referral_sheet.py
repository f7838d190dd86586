"""The referral sheet in a real browser: every language printed to PDF by Chromium with fonts that cover its text
(checked in the PDF with pypdf), right-to-left layout, the referral list kept in the browser, the client page on a
phone, and share links whose text never reaches our server."""

import io
import re
import unicodedata
from collections.abc import Iterator
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from playwright.sync_api import Browser, Page
from pypdf import PdfReader

from boundaries.models import Area, AreaLevel
from referrals.sheet import SHEET_LANGUAGES, labels
from services.hours import weekday_names_in
from tests.browser.conftest import axe_serious_violations, screenshot
from tests.referrals.helpers import described_service

# the families our static files serve (static/fonts/noto); PDF names are like ABCDEF+NotoSansArabic-Regular
OUR_FONTS = re.compile(r"^[A-Z]{6}\+NotoSans(Arabic|Bengali|Ethiopic)?-(Regular|Bold)$")
HEX = re.compile(rb"<([0-9A-Fa-f]+)>")
LOOKED_AT = ("ar", "fa", "bn", "ti", "uk")


def unicode_of(hex_text: bytes) -> str:
    return bytes.fromhex(hex_text.decode()).decode("utf-16-be", errors="replace")


def glyph_map(cmap: bytes) -> dict[int, str]:
    """A font's ToUnicode CMap: glyph id → the text it stands for (bfchar pairs and bfrange runs)."""
    glyphs: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.S):
        values = HEX.findall(block)
        glyphs.update({int(gid, 16): unicode_of(target) for gid, target in zip(values[::2], values[1::2], strict=True)})
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", cmap, re.S):
        for line in block.strip().splitlines():
            values = HEX.findall(line)
            low, high = int(values[0], 16), int(values[1], 16)
            if b"[" in line:
                glyphs.update({low + i: unicode_of(target) for i, target in enumerate(values[2:])})
            else:
                first = ord(unicode_of(values[2])[0])
                glyphs.update({low + i: chr(first + i) for i in range(high - low + 1)})
    return glyphs


# in a page's content stream: a font selection, a marked span (Chromium writes /ActualText for glyph clusters that a
# ToUnicode map cannot express, as Arabic letters built from a dotless base and a dot), its end, and shown glyphs
TOKENS = re.compile(
    rb"/(?P<font>[\w.+-]+)\s+[-\d.]+\s+Tf"
    rb"|/Span\s*<<\s*/ActualText\s*<(?P<actual>[0-9A-Fa-f]*)>\s*>>\s*BDC"
    rb"|(?P<bmc>/\w+\s+BMC|/\w+\s*<<.*?>>\s*BDC)"
    rb"|(?P<emc>EMC)"
    rb"|<(?P<glyphs>[0-9A-Fa-f]*)>\s*Tj"
)


def printed_glyphs(pdf: bytes) -> tuple[set[str], str, list[str]]:
    """What a PDF shows: the fonts it draws with, the text its glyphs stand for, and each .notdef (glyph 0) drawn."""
    fonts_used: set[str] = set()
    text: list[str] = []
    notdef: list[str] = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        resources = (page.get("/Resources") or {}).get("/Font") or {}
        fonts = {}
        for key, ref in resources.items():
            font = ref.get_object()
            cmap = font["/ToUnicode"].get_object().get_data() if "/ToUnicode" in font else b""
            fonts[key.lstrip("/")] = (str(font["/BaseFont"]).lstrip("/"), glyph_map(cmap))
        current = ("", {})
        spans: list[str | None] = []
        for token in TOKENS.finditer(page.get_contents().get_data()):
            if token["font"]:
                current = fonts[token["font"].decode()]
            elif token["actual"] is not None:
                spans.append(unicode_of(token["actual"]))
                text.append(spans[-1])
            elif token["bmc"]:
                spans.append(None)
            elif token["emc"]:
                spans.pop()
            elif token["glyphs"] is not None:
                name, glyphs = current
                fonts_used.add(name)
                ids = [int(token["glyphs"][i : i + 4], 16) for i in range(0, len(token["glyphs"]), 4)]
                notdef += [name for gid in ids if gid == 0]
                if not any(spans):  # inside an /ActualText span the span's text counts, once
                    text.append("".join(glyphs.get(gid, "") for gid in ids))
    return fonts_used, "".join(text), notdef


def missing_glyphs(pdf: bytes, text: str) -> list[str]:
    """What is wrong with the fonts of a printed sheet: a font that is not ours (a system fallback), a .notdef glyph
    (the empty box), or a character of `text` that no glyph on the page stands for."""
    fonts, shown, notdef = printed_glyphs(pdf)
    problems = [f"font {name} is not one of ours" for name in sorted(fonts) if not OUR_FONTS.match(name)]
    problems += [f"a .notdef glyph (empty box) of {name}" for name in sorted(set(notdef))]
    covered = set(unicodedata.normalize("NFKD", shown))  # decomposed: Bengali ো is drawn as ে and া
    needed = {c for c in unicodedata.normalize("NFKD", text) if not c.isspace() and unicodedata.category(c) != "Cf"}
    problems += [f"no glyph for {c!r} U+{ord(c):04X}" for c in sorted(needed - covered)]
    return problems


def sheet_words(language: str) -> str:
    """The sheet's fixed words and CLDR day names in `language` that every printed sheet of our service shows."""
    t = labels(language)
    keys = ("kicker", "show_paper", "where", "when", "bring", "how_to_apply", "cost", "free", "contact", "referred_by",
            "caseworker", "phone", "date", "notes", "scan", "closed", "languages_spoken")  # fmt: skip
    return " ".join([t[k] for k in keys] + list(weekday_names_in(language).values()))


@pytest.fixture
def athens_services(live_reference_data) -> list:  # noqa: ANN001
    athens = Area.objects.filter(level=AreaLevel.MUNICIPALITY).order_by("-population").first()
    services = [described_service() for _ in range(3)]
    for service in services:
        for sal in service.service_at_locations.all():
            sal.location.municipality = athens
            sal.location.save()
    return services


@pytest.fixture
def print_page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def printed(page: Page, url: str) -> bytes:
    page.goto(url)
    page.evaluate("document.fonts.ready.then(() => true)")
    return page.pdf(format="A4", print_background=True)


@pytest.mark.parametrize("language", SHEET_LANGUAGES)
def test_each_language_prints_with_fonts_that_cover_it(
    print_page: Page, live_server, athens_services: list, language: str
) -> None:
    ids = ",".join(str(s.id) for s in athens_services[:2])
    pdf = printed(print_page, f"{live_server.url}/referral/?services={ids}&lang={language}")
    assert print_page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == [
        language,
        "rtl" if language in {"ar", "fa", "ps", "ur", "ckb"} else "ltr",
    ]
    text = sheet_words(language)
    assert missing_glyphs(pdf, text) == []
    extracted = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    if language in {"el", "en", "fr", "uk", "sq", "so", "kmr"}:  # simple scripts extract in reading order
        assert re.sub(r"\s", "", labels(language)["show_paper"]) in re.sub(r"\s", "", extracted)
    if language in LOOKED_AT:
        print_page.emulate_media(media="print")
        screenshot(print_page, f"referral-{language}-print")
        print_page.emulate_media(media="screen")
        (screenshot.__globals__["SCREENSHOTS"] / f"referral-{language}.pdf").write_bytes(pdf)


def test_the_check_fails_when_a_font_is_missing(print_page: Page, live_server, athens_services: list) -> None:
    """Without our Ethiopic font Chromium has no glyphs for Tigrinya: the PDF check must say so."""
    print_page.route("**/*ethiopic*.woff2", lambda route: route.abort())
    pdf = printed(print_page, f"{live_server.url}/referral/?services={athens_services[0].id}&lang=ti")
    problems = missing_glyphs(pdf, sheet_words("ti"))
    assert any("no glyph for" in p or "not one of ours" in p for p in problems), problems


def test_rtl_sheet_is_mirrored_and_keeps_numbers_left_to_right(
    print_page: Page, live_server, athens_services: list
) -> None:
    ids = ",".join(str(s.id) for s in athens_services)
    print_page.goto(f"{live_server.url}/referral/?services={ids}&lang=ar")
    # mirrored: the QR code sits on the left of the service's name, the week's day names on the right
    boxes = print_page.evaluate(
        """() => { const e = document.querySelector('.entry');
          const r = (s) => e.querySelector(s).getBoundingClientRect();
          return {name: r('.entry__name').right, qr: r('.entry__qr').left, qrRight: r('.entry__qr').right,
                  day: r('.entry__week th').right, time: r('.entry__week td').right}; }"""
    )
    assert boxes["qrRight"] < boxes["name"] and boxes["time"] < boxes["day"]
    assert print_page.locator(".entry__week bdi[dir=ltr]").first.inner_text() == "09:30–14:00"
    assert print_page.locator(".entry p.ltr[dir=ltr]").count() >= 3
    assert print_page.locator(".entry").count() == 3 and print_page.locator(".entry__qr svg").count() == 3
    assert print_page.locator(".entry svg.map").count() == 3 and print_page.locator(".map__dot").count() == 3
    assert axe_serious_violations(print_page) == []
    screenshot(print_page, "referral-ar-three-services")


def test_the_referral_list_stays_in_the_browser(page: Page, live_server, athens_services: list) -> None:
    sent: list[str] = []
    page.on("request", lambda r: sent.append(r.url + (r.post_data or "")))
    first, second = athens_services[:2]
    for service in (first, second):
        page.goto(f"{live_server.url}/en/services/{service.id}/")
        button = page.locator(f"[data-referral-add='{service.id}']")
        button.click()
        assert button.get_attribute("aria-pressed") == "true"
    page.goto(f"{live_server.url}/en/referral/")
    items = page.locator("#referral-list [data-items] li")
    assert items.count() == 2 and first.name_en in items.first.inner_text()
    assert axe_serious_violations(page) == []
    screenshot(page, "referral-list-en")
    page.select_option("#referral-lang", "fa")
    page.get_by_role("button", name="Print the referral sheet").click()
    page.wait_for_url("**/referral/?services=*")
    query = parse_qs(urlsplit(page.url).query)
    assert query == {"services": [f"{first.id},{second.id}"], "lang": ["fa"]}
    # the list itself (names, order) never went to the server: only the ids of the sheet asked for
    stored = page.evaluate("localStorage.getItem('geo_accmr.referral_list')")
    assert first.name_en in stored
    assert sent and not any(first.name_en in unquote(url) or second.name_en in unquote(url) for url in sent)
    page.goto(f"{live_server.url}/en/referral/")
    page.locator("#referral-list [data-items] li button").first.click()
    assert page.locator("#referral-list [data-items] li").count() == 1


def test_share_links_carry_the_text_and_it_never_reaches_the_server(
    page: Page, live_server, athens_services: list
) -> None:
    sent: list[str] = []
    page.on("request", lambda r: sent.append(r.url + "\n" + str(r.headers) + (r.post_data or "")))
    ids = ",".join(str(s.id) for s in athens_services[:2])
    page.goto(f"{live_server.url}/referral/?services={ids}&lang=ar")
    intro = labels("ar")["share_intro"]
    client_url = f"{live_server.url}/r/?services={ids}&lang=ar"
    hrefs = {k: page.locator(f"[data-share={k}]").get_attribute("href") for k in ("sms", "whatsapp", "viber", "email")}
    expected_text = f"{intro}\n{client_url}"
    assert unquote(hrefs["sms"]) == f"sms:?&body={expected_text}"
    assert unquote(hrefs["whatsapp"]) == f"https://wa.me/?text={expected_text}"
    assert unquote(hrefs["viber"]) == f"viber://forward?text={expected_text}"
    assert unquote(hrefs["email"]).startswith(f"mailto:?subject={intro}&body={expected_text}")
    went_out: list[str] = []
    # the messaging app "answers" 204 No Content: the browser records the request and stays on the sheet (an aborted
    # navigation would load an error page later, racing whatever the test does next)
    page.route("https://wa.me/**", lambda route: (went_out.append(route.request.url), route.fulfill(status=204)))
    with page.expect_request("https://wa.me/**"):
        page.locator("[data-share=whatsapp]").click()
    assert intro in unquote(went_out[0])  # the text goes to the messaging app…
    ours = [s for s in sent if s.startswith(live_server.url)]
    assert ours and not any(intro in unquote(s) for s in ours)  # …and never to us
    # the client opens the link on a phone of its own: the server gets the path and the ids of the public services
    client = page.context.new_page()
    client.goto(client_url)
    assert client.locator("nav").count() == 0
    client.close()


def test_the_client_page_fits_a_phone(browser: Browser, live_server, athens_services: list) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    phone = context.new_page()
    ids = ",".join(str(s.id) for s in athens_services)
    for language in ("ar", "ti", "uk"):
        phone.goto(f"{live_server.url}/r/?services={ids}&lang={language}")
        assert phone.evaluate("document.documentElement.scrollWidth") <= 360
        assert axe_serious_violations(phone) == []
        screenshot(phone, f"referral-client-{language}-phone")
    phone.goto(f"{live_server.url}/referral/?services={ids}&lang=fa")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(phone, "referral-fa-phone")
    context.close()
