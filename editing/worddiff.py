"""A word-level comparison of two texts for the review queue and history: the words that stay are plain, the removed
ones struck in <del>, the added ones underlined in <ins>, each with words for screen readers ("removed:", "added:"),
so the change is never told by colour alone. Everything is escaped; the result is HTML-safe."""

import difflib
import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

# each word with the spaces after it (leading spaces alone), so unchanged text keeps its line breaks and spacing;
# words are compared without their spaces: a changed space is no change, and a shared space never splits a change
TOKENS = re.compile(r"^\s+|\S+\s*")


def _text(tokens: list[str]) -> str:
    return escape("".join(tokens)).replace("\n", "<br>")


def _marked(tag: str, label: str, tokens: list[str]) -> str:
    text = "".join(tokens)
    if not text.strip():  # only spaces changed: nothing a person should hunt for
        return _text(tokens)
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    core = escape(text.strip()).replace("\n", "<br>")
    return f'{_text([lead])}<{tag}><span class="visually-hidden">{escape(label)} </span>{core}</{tag}>{_text([trail])}'


def word_diff(old: str, new: str) -> tuple[SafeString, SafeString]:
    """`old` with its removed words in <del>, and `new` with its added words in <ins>."""
    before, after = TOKENS.findall(old or ""), TOKENS.findall(new or "")
    old_html: list[str] = []
    new_html: list[str] = []
    words = ([token.strip() for token in before], [token.strip() for token in after])
    matcher = difflib.SequenceMatcher(None, *words, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            old_html.append(_text(before[i1:i2]))
            new_html.append(_text(after[j1:j2]))
            continue
        if i2 > i1:
            old_html.append(_marked("del", _("removed:"), before[i1:i2]))
        if j2 > j1:
            new_html.append(_marked("ins", _("added:"), after[j1:j2]))
    return mark_safe("".join(old_html)), mark_safe("".join(new_html))  # noqa: S308 - every piece escaped above
