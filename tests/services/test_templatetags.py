"""Template helpers: distances and verification ages as a caseworker reads them, in Greek and English."""

from datetime import date, timedelta

from django.utils import timezone, translation

from services.templatetags.directory import distance, is_stale, is_stale_on, verified_age, verified_age_on


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


def test_age_and_staleness_as_of_a_given_day_are_the_filters_on_that_day() -> None:
    # a page of result cards reads the day once (services/cards.py) and asks verified_age_on / is_stale_on
    today = timezone.localdate()
    for days in (0, 30, 31, 40, 100, 182, 200, 364, 400, 4000):
        verified = today - timedelta(days=days)
        for value in (verified, verified.isoformat()):
            for language in ("el", "en"):
                with translation.override(language):
                    assert verified_age_on(value, today=today) == verified_age(value)
            assert is_stale_on(value, today=today) == is_stale(value)
            assert is_stale_on(value, today=today, months=1) == is_stale(value, 1)
    with translation.override("en"):
        assert verified_age_on(date(2026, 1, 10), today=date(2026, 4, 20)) == "verified 3 months ago"
        assert verified_age_on(None, today=today) == "never verified"
    assert is_stale_on(date(2026, 1, 10), today=date(2026, 7, 11))  # more than six months before
    assert not is_stale_on(date(2026, 1, 10), today=date(2026, 7, 10))
