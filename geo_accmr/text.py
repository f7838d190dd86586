"""Text folding for search: Greek and Latin script, accents, case and Greeklish spellings meet in one key."""

import re
import unicodedata

# Greek to Latin, close to ELOT 743, with digraphs first. Only used to build search keys, never shown.
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
_LETTERS = str.maketrans(
    {
        "α": "a", "β": "v", "γ": "g", "δ": "d", "ε": "e", "ζ": "z", "η": "i", "θ": "th", "ι": "i", "κ": "k",
        "λ": "l", "μ": "m", "ν": "n", "ξ": "x", "ο": "o", "π": "p", "ρ": "r", "σ": "s", "ς": "s", "τ": "t",
        "υ": "y", "φ": "f", "χ": "ch", "ψ": "ps", "ω": "o",
    }
)  # fmt: skip
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
