"""Gazetteer search over the real reference data: Greek, English, Greeklish, accents and case meet in one key."""

import pytest
from django.utils import translation

from boundaries.geocoding import SOURCE_GAZETTEER, gazetteer_search
from boundaries.models import Area, Place

pytestmark = pytest.mark.django_db


def _names(query: str, limit: int = 10) -> list[str]:
    return [c.label.split(" — ")[0] for c in gazetteer_search(query=query, limit=limit)]


@pytest.mark.parametrize(
    "query", ["Κυψέλη", "κυψελη", "ΚΥΨΕΛΗ", "kypseli", "KYPSELI", "Kypséli", "kipseli", " Κυψέλη! "]
)
def test_kypseli_in_any_spelling_comes_first(query: str) -> None:
    first = gazetteer_search(query=query)[0]
    assert first.label == "ΚΥΨΕΛΗ — 6η Δημοτική Κοινότητα Αθηνών"
    assert (first.source, first.kind) == (SOURCE_GAZETTEER, "neighbourhood")
    place = Place.objects.get(name_el="ΚΥΨΕΛΗ")
    assert (first.lon, first.lat) == pytest.approx(place.point.coords)
    assert Area.objects.covering(first.point).filter(code="athens-dk-6").exists()


def test_ranking_whole_name_then_name_start_then_word_start() -> None:
    # ΚΥΨΕΛΗ is a whole name; ΝΕΑ ΚΥΨΕΛΗ Ι, ΑΓΙΟΣ ΓΕΩΡΓΙΟΣ ΚΥΨΕΛΗΣ ... only have a word starting with it.
    names = _names("Κυψέλη")
    assert names[0] == "ΚΥΨΕΛΗ"
    assert set(names[1:]) == {"ΝΕΑ ΚΥΨΕΛΗ", "ΝΕΑ ΚΥΨΕΛΗ Ι", "ΝΕΑ ΚΥΨΕΛΗ ΙΙ", "ΑΝΩ ΚΥΨΕΛΗ", "ΑΓΙΟΣ ΓΕΩΡΓΙΟΣ ΚΥΨΕΛΗΣ"}
    # Exact, then names that start with the query (shorter first).
    assert _names("Παγκράτι") == ["ΠΑΓΚΡΑΤΙ", "ΠΑΓΚΡΑΤΙ Ι", "ΠΑΓΚΡΑΤΙ ΙΙ"]
    # Exact, then a name with a word starting with the query.
    assert _names("exarchia") == ["ΕΞΑΡΧΕΙΑ", "ΜΟΥΣΕΙΟ-ΕΞΑΡΧΕΙΑ-ΝΕΑΠΟΛΗ"]


def test_same_place_from_two_sources_is_listed_once() -> None:
    # ΚΕΡΑΜΕΙΚΟΣ is an official neighbourhood and an Inside Airbnb neighbourhood whose points are 9 m apart.
    assert set(Place.objects.filter(name_el="ΚΕΡΑΜΕΙΚΟΣ").values_list("kind", flat=True)) == {"area", "landmark"}
    first, *others = gazetteer_search(query="Κεραμεικός")
    assert first.label == "ΚΕΡΑΜΕΙΚΟΣ — 3η Δημοτική Κοινότητα Αθηνών"
    assert first.area_code is not None  # the official neighbourhood (rank 30) wins over the landmark (rank 35)
    assert [c.label.split(" — ")[0] for c in others].count("ΚΕΡΑΜΕΙΚΟΣ") == 0


def test_namesakes_far_apart_are_told_apart() -> None:
    # Two municipalities are called Δήμος Ηρακλείου: Heraklion (Crete) and Irakleio (Attica), 332 km apart.
    found = {c.area_code: c.label for c in gazetteer_search(query="Δήμος Ηρακλείου")}
    assert found["gr-9305"].startswith("Δήμος Ηρακλείου") and found["gr-9305"].endswith("(Heraklion)")
    assert found["gr-9170"].startswith("Δήμος Ηρακλείου") and found["gr-9170"].endswith("(Irakleio)")
    with translation.override("en"):
        labels = [c.label for c in gazetteer_search(query="Δήμος Ηρακλείου")]
    assert {"Heraklion — Municipality", "Irakleio — Municipality"} <= set(labels)


def test_words_in_another_order_still_match() -> None:
    assert "ΝΕΑ ΚΥΨΕΛΗ" in _names("kypseli nea")


def test_english_municipality_name() -> None:
    with translation.override("en"):
        first = gazetteer_search(query="Piraeus")[0]
    assert first.label == "Piraeus — Municipality"
    assert (first.kind, first.area_code) == ("municipality", "gr-9205")
    with translation.override("el"):
        first = gazetteer_search(query="Piraeus")[0]
    assert first.label.startswith("Δήμος Πειραιώς")
    assert first.area_code == "gr-9205"


def test_greek_municipality_name_and_its_short_form() -> None:
    assert gazetteer_search(query="Δήμος Πειραιώς")[0].area_code == "gr-9205"
    assert gazetteer_search(query="Πειραιώς")[0].area_code == "gr-9205"


def test_community_label_names_its_municipality() -> None:
    with translation.override("en"):
        first = gazetteer_search(query="6th Municipal Community")[0]
    assert first.label == "6th Municipal Community of Athens — Athens"
    assert (first.kind, first.area_code) == ("community", "athens-dk-6")


@pytest.mark.parametrize("query", ["Ερρίκος Ντυνάν", "errikos ntynan", "ERRIKOS DYNAN", "Ντυνάν"])
def test_landmark_hospital(query: str) -> None:
    first = gazetteer_search(query=query)[0]
    assert first.label.startswith("Ερρίκος Ντυνάν — ")
    assert first.kind == "hospital"
    assert first.area_code is None
    hospital = Place.objects.get(name_el="Ερρίκος Ντυνάν")
    assert (first.lon, first.lat) == pytest.approx(hospital.point.coords)


def test_hospital_by_its_english_name() -> None:
    with translation.override("en"):
        first = gazetteer_search(query="onassis")[0]
    assert first.label.startswith("Onassis Cardiac Surgery Center — ")
    assert first.label.endswith("Kallithea")


@pytest.mark.parametrize("query", ["xqzwvk", "qqqq zzzz", "", "   ", "!!!"])
def test_nothing_for_gibberish_or_empty(query: str) -> None:
    assert gazetteer_search(query=query) == []


def test_limit() -> None:
    assert len(gazetteer_search(query="ag", limit=3)) == 3
    assert gazetteer_search(query="Κυψέλη", limit=0) == []


@pytest.mark.django_db
@pytest.mark.parametrize("query,code", [("Αθήνα", "gr-9186"), ("Πειραιάς", "gr-9205"), ("kalamaria", "gr-9032")])
def test_everyday_city_names_find_their_municipality(query: str, code: str) -> None:
    assert gazetteer_search(query=query, limit=3)[0].area_code == code


@pytest.mark.django_db
def test_roman_numerals_survive_title_case() -> None:
    assert Area.objects.filter(name_en="Nea Kypseli II").exists()
