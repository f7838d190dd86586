"""/api/ and /ogc/ answer in ?lang=, else Accept-Language, else Greek, as /hsds/ does."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path, headers, language",
    [
        ("/ogc/collections", {}, "el"),
        ("/ogc/collections?lang=en", {}, "en"),
        ("/ogc/collections", {"accept-language": "en-GB,en;q=0.9"}, "en"),
        ("/ogc/collections?lang=el", {"accept-language": "en"}, "el"),
    ],
)
def test_ogc_collections_in_the_asked_language(path: str, headers: dict[str, str], language: str) -> None:
    response = Client().get(path, headers=headers)
    assert response.status_code == 200
    assert response["Content-Language"] == language
    titles = {collection["id"]: collection["title"] for collection in response.json()["collections"]}
    assert titles["services"] == {"el": "Υπηρεσίες", "en": "Services"}[language]
    assert "Accept-Language" in response["Vary"]


@pytest.mark.parametrize("query, headers", [("&lang=en", {}), ("", {"accept-language": "en"})])
def test_api_errors_in_english_when_asked(query: str, headers: dict[str, str]) -> None:
    response = Client().get("/api/nearby/?lat=x&lon=23.7" + query, headers=headers)
    assert response.status_code == 400
    assert response.json()["errors"]["lat"] == ["A valid number is required."]
    assert response["Content-Language"] == "en"


def test_api_is_greek_by_default() -> None:
    response = Client().get("/api/nearby/?lat=x&lon=23.7")
    assert response["Content-Language"] == "el" and response.json()["errors"]["lat"] != ["A valid number is required."]
