"""Greek text in one place: search keys (Greek, Latin, accents, case and Greeklish meet in one key) and the ELOT 743
romanisation of names for display."""

import re
import unicodedata

# Greek letters to Latin after ELOT 743; the one letter table of the project (search keys and display names).
GREEK_LETTERS = {
    "α": "a", "β": "v", "γ": "g", "δ": "d", "ε": "e", "ζ": "z", "η": "i", "θ": "th", "ι": "i", "κ": "k",
    "λ": "l", "μ": "m", "ν": "n", "ξ": "x", "ο": "o", "π": "p", "ρ": "r", "σ": "s", "ς": "s", "τ": "t",
    "υ": "y", "φ": "f", "χ": "ch", "ψ": "ps", "ω": "o",
}  # fmt: skip
# Search keys: digraphs first, always the same way (never shown, so context is not needed).
_DIGRAPHS = {
    "ου": "ou",
    "αυ": "av",
    "ευ": "ev",
    "μπ": "b",
    "ντ": "d",
    "γκ": "g",
    "γγ": "ng",
    "τσ": "ts",
    "τζ": "tz",
}
_LETTERS = str.maketrans(GREEK_LETTERS)
# Latin spellings that Greeklish writers use interchangeably, folded to one form (order matters).
_LATIN_FOLDS = [
    ("ph", "f"),
    ("kh", "h"),
    ("ch", "h"),
    ("ks", "x"),
    ("mp", "b"),
    ("mb", "b"),
    ("nt", "d"),
    ("gk", "g"),
    ("gg", "ng"),
    ("ou", "u"),
    ("ei", "i"),
    ("oi", "i"),
    ("ai", "e"),
    ("y", "i"),
    ("w", "o"),
]
_NON_WORD = re.compile(r"[^0-9a-z]+")


def strip_accents(text: str) -> str:
    """Lower-case and drop combining marks (ά → α, é → e)."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")


def greek_to_latin(text: str) -> str:
    """Transliterate Greek letters of an already lower-cased, accent-free text."""
    for greek, latin in _DIGRAPHS.items():
        text = text.replace(greek, latin)
    return text.translate(_LETTERS)


def fold(text: str) -> str:
    """A search key: Latin letters and digits, words joined by single spaces, Greeklish variants merged."""
    latin = greek_to_latin(strip_accents(text or ""))
    for source, target in _LATIN_FOLDS:
        latin = latin.replace(source, target)
    return " ".join(_NON_WORD.sub(" ", latin).split())


# ------------------------------------------------------------------------------------- display romanisation
_VOICED_AFTER_U = set("αεηιουωβγδζλμνρ")  # αυ/ευ/ηυ → av/ev/iv before these, af/ef/if otherwise
_DIAERESIS = "\u0308"
_LOWERCASE_WORDS = {"kai"}


def _greek_chars(text: str) -> list[tuple[str, bool]]:
    """Lower-case base letters without accents, each with a flag for a diaeresis."""
    chars: list[tuple[str, bool]] = []
    for ch in unicodedata.normalize("NFD", text.lower()):
        if unicodedata.combining(ch):
            if ch == _DIAERESIS and chars:
                chars[-1] = (chars[-1][0], True)
            continue
        chars.append((ch, False))
    return chars


def transliterate(text: str) -> str:
    """A Greek name in Latin letters for display, after ELOT 743 (αυ/ευ → av/af, μπ → b/mp, ντ → d/nt, γγ → ng),
    words capitalised ("Αθηναίων" → "Athinaion"); unlike `fold`, readable and context-aware."""
    chars = _greek_chars(text)
    out: list[str] = []
    i = 0
    while i < len(chars):
        ch, _ = chars[i]
        nxt, nxt_diaeresis = chars[i + 1] if i + 1 < len(chars) else ("", False)
        after = chars[i + 2][0] if i + 2 < len(chars) else ""
        at_start = i == 0 or chars[i - 1][0] not in GREEK_LETTERS
        if ch in "αεη" and nxt == "υ" and not nxt_diaeresis:
            out.append(GREEK_LETTERS[ch] + ("v" if after in _VOICED_AFTER_U else "f"))
            i += 2
        elif ch == "ο" and nxt == "υ" and not nxt_diaeresis:
            out.append("ou")
            i += 2
        elif ch == "μ" and nxt == "π":
            out.append("b" if at_start or after not in GREEK_LETTERS else "mp")
            i += 2
        elif ch == "ν" and nxt == "τ":
            out.append("d" if at_start else "nt")
            i += 2
        elif ch == "γ" and nxt in ("γ", "ξ", "χ"):
            out.append("n")
            i += 1
        else:
            out.append(GREEK_LETTERS.get(ch, ch))
            i += 1
    latin = "".join(out)

    def capitalise(match: re.Match[str]) -> str:
        word = match.group(0)
        return word if word in _LOWERCASE_WORDS and match.start() > 0 else word[:1].upper() + word[1:]

    return re.sub(r"[a-z]+", capitalise, latin)
