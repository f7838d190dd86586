"""The review diff marks changed words, not whole fields, with words for screen readers, and escapes everything."""

import pytest
from django.urls import reverse
from django.utils import translation

from editing.worddiff import word_diff

from .test_moderation import submit

pytestmark = pytest.mark.django_db


def test_one_changed_word_in_a_sentence() -> None:
    with translation.override("en"):
        old, new = word_diff("The office opens at nine on Monday.", "The office opens at ten on Monday.")
    assert old == 'The office opens at <del><span class="visually-hidden">removed: </span>nine</del> on Monday.'
    assert new == 'The office opens at <ins><span class="visually-hidden">added: </span>ten</ins> on Monday.'


def test_html_in_the_input_is_escaped_and_lines_kept() -> None:
    old, new = word_diff('Call <b>us</b>\nthen "come"', 'Call <script>alert(1)</script>\nthen "come"')
    assert "<b>" not in old and "&lt;b&gt;us&lt;/b&gt;" in old
    assert "<script>" not in new and "&lt;script&gt;alert(1)&lt;/script&gt;" in new
    assert new.endswith("<br>then &quot;come&quot;")


def test_added_and_removed_fields_and_spaces() -> None:
    with translation.override("en"):
        assert word_diff("", "New text") == ("", '<ins><span class="visually-hidden">added: </span>New text</ins>')
        assert word_diff("Old", "") == ('<del><span class="visually-hidden">removed: </span>Old</del>', "")
        assert word_diff("a  b", "a b") == ("a  b", "a b")  # spacing alone marks nothing
        # two words replaced together are one change, not two around a shared space
        assert (
            word_diff("Legal aid", "Wrong name")[1]
            == '<ins><span class="visually-hidden">added: </span>Wrong name</ins>'
        )


def test_the_review_page_marks_the_changed_word(client, editor_a, coordinator, service_a, org_a) -> None:  # noqa: ANN001
    service_a.description_el = "Νομική βοήθεια για αιτούντες άσυλο κάθε Δευτέρα."
    service_a.save()
    client.force_login(editor_a)
    change = submit(client, service_a, org_a, description_el="Νομική βοήθεια για αιτούντες άσυλο κάθε <b>Τρίτη</b>.")
    client.force_login(coordinator)
    page = client.get("/en" + reverse("editing:review_detail", args=[change.pk])).content.decode()
    assert '<del><span class="visually-hidden">removed: </span>Δευτέρα.</del>' in page
    assert '<ins><span class="visually-hidden">added: </span>&lt;b&gt;Τρίτη&lt;/b&gt;.</ins>' in page
    assert "<del>Νομική" not in page  # the unchanged words are not struck
