"""Template helpers: distances and verification ages as a caseworker reads them, in Greek and English."""

from datetime import timedelta

from django.utils import timezone, translation

from services.templatetags.directory import distance, is_stale, verified_age


def test_distance_in_metres_then_kilometres_with_the_local_decimal_separator() -> None:
    assert distance(444) == "440 m"
    with translation.override("el"):
        assert distance(1234) == "1,2 km"
    with translation.override("en"):
        assert distance(1234) == "1.2 km"
    assert distance(None) == ""


def test_verified_age_uses_singular_and_plural() -> None:
    today = timezone.localdate()
    with translation.override("el"):
        assert verified_age(today - timedelta(days=40)) == "επαληθεύτηκε πριν από 1 μήνα"
        assert verified_age(today - timedelta(days=100)) == "επαληθεύτηκε πριν από 3 μήνες"
    with translation.override("en"):
        assert verified_age(today - timedelta(days=40)) == "verified 1 month ago"
        assert verified_age(today - timedelta(days=5)) == "verified this month"
        assert verified_age(None) == "never verified"
        assert verified_age((today - timedelta(days=400)).isoformat()) == "verified over a year ago"


def test_stale_after_six_months() -> None:
    today = timezone.localdate()
    assert not is_stale(today - timedelta(days=170))
    assert is_stale(today - timedelta(days=200))
    assert is_stale(None)
