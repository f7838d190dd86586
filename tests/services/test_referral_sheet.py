"""Referral sheet and service page: each thing said once, languages by name, the organisation linked."""

import pytest
from django.test import Client

from services.models import Language
from tests.factories import LanguageFactory, ServiceAtLocationFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("fees", ["Free of charge.", ""])
def test_free_of_charge_is_said_once(fees: str) -> None:
    sal = ServiceAtLocationFactory(service__free_of_charge=True, service__fees_description_en=fees)
    body = Client().get(f"/en/services/{sal.service_id}/referral/?lang=en").content.decode()
    assert body.count("Free of charge.") == 1


def test_languages_are_names_not_codes() -> None:
    sal = ServiceAtLocationFactory()
    for code in ("ar", "fa", "en"):
        LanguageFactory(service=sal.service, code=code)
    # the referral sheet names them in the sheet's language (CLDR, referrals/): the client reads it
    english = Client().get(f"/en/services/{sal.service_id}/referral/?lang=en").content.decode()
    assert "Arabic, Persian, and English" in english
    greek = Client().get(f"/services/{sal.service_id}/referral/?lang=el").content.decode()
    assert "Αραβικά, Περσικά και Αγγλικά" in greek
    arabic = Client().get(f"/services/{sal.service_id}/referral/?lang=ar").content.decode()
    assert "العربية والفارسية والإنجليزية" in arabic
    detail = Client().get(f"/en/services/{sal.service_id}/").content.decode()
    assert "Arabic (العربيّة)" in detail and ">AR<" not in detail


def test_languages_keep_the_order_they_were_added() -> None:
    # an edit of an indexed column writes the row anew at the end of the table and of its index entries: the sheet
    # still lists the languages in the order they were added
    sal = ServiceAtLocationFactory()
    for code in ("ar", "fa", "en"):
        LanguageFactory(service=sal.service, code=code)
    Language.objects.filter(service=sal.service, code="ar").update(code="zz")
    Language.objects.filter(service=sal.service, code="zz").update(code="ar")
    english = Client().get(f"/en/services/{sal.service_id}/referral/?lang=en").content.decode()
    assert "Arabic, Persian, and English" in english


def test_service_page_links_its_organisation(client) -> None:  # noqa: ANN001
    sal = ServiceAtLocationFactory()
    body = client.get(f"/en/services/{sal.service_id}/").content.decode()
    assert f'href="/en/organisations/{sal.service.organization_id}/"' in body
