"""Shared by the referral tests: a fully described service, and the visible text of a sheet outside the service's
own texts (the elements marked with the content language)."""

from datetime import time
from html.parser import HTMLParser

from services.models import RequiredDocument, Service
from tests.factories import AddressFactory, LanguageFactory, ScheduleFactory, ServiceAtLocationFactory

VOID = {"br", "img", "input", "meta", "link", "hr", "source", "wbr", "area", "col", "path", "circle"}


def described_service(**service: object) -> Service:
    """An active service at an address with hours, languages, a document, free of charge."""
    sal = ServiceAtLocationFactory(
        service__free_of_charge=True,
        service__description_en="Legal advice on asylum.",
        service__application_process_en="Walk in.",
        service__email="help@example.org",
        **{f"service__{k}": v for k, v in service.items()},
    )
    AddressFactory(location=sal.location, address_1="Panepistimiou 10", city="Athens", postal_code="10671")
    ScheduleFactory(service=sal.service, byday="MO,TU,WE", opens_at=time(9, 30), closes_at=time(14, 0))
    for code in ("ar", "fa", "en"):
        LanguageFactory(service=sal.service, code=code)
    RequiredDocument.objects.create(service=sal.service, document_en="Passport", document_el="Διαβατήριο")
    return sal.service


class SheetText(HTMLParser):
    """The text of <main>, skipping elements whose `lang` is `skip_lang` (the service's own texts) and <svg>."""

    def __init__(self, skip_lang: str) -> None:
        super().__init__()
        self.skip_lang = skip_lang
        self.stack: list[bool] = []  # per open element: does it start a skipped part?
        self.in_main = False
        self.skipping = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "main":
            self.in_main = True
        if tag in VOID:
            return
        skip = tag == "svg" or (tag != "html" and dict(attrs).get("lang") == self.skip_lang)
        self.stack.append(skip)
        self.skipping += skip

    def handle_endtag(self, tag: str) -> None:
        if tag == "main":
            self.in_main = False
        if tag in VOID or not self.stack:
            return
        self.skipping -= self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self.in_main and not self.skipping:
            self.parts.append(data)


def sheet_text(html: str, *, skip_lang: str) -> str:
    parser = SheetText(skip_lang)
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())
