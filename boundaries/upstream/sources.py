"""What the refresh downloads: the pinned upstream files (MANIFEST), the output file names, the Cities Network list,
the ELSTAT → Kallikratis joins, and the errors."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

DATA_DIR_ENV = "GEO_ACCMR_DATA_DIR"
SOURCE_URL_ENV = "GEO_ACCMR_DATA_SOURCE_URL"
DEFAULT_SOURCE_URL = "https://raw.githubusercontent.com/{repo}/{commit}/{path}"
CACHE_DIRNAME = ".upstream-cache"
CRS84 = {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}}

# Roles tell the converter what each upstream file is.
ATHENS_COMMUNITIES = "athens_communities"
AIRBNB_NEIGHBOURHOODS = "airbnb_neighbourhoods"
KALLIKRATIS_NAMES = "kallikratis_names"
KALLIKRATIS_MODULE = "kallikratis_module"
POPULATION_2021 = "population_2021"
HOSPITALS_OSM = "hospitals_osm"

# Output file names (identical to the curated reference-data directory).
NEIGHBOURHOODS_FILE = "athens_neighbourhoods.geojson"
COMMUNITIES_FILE = "athens_municipal_communities.geojson"
AIRBNB_FILE = "athens_neighbourhoods_insideairbnb.geojson"
KALLIKRATIS_FILE = "greece_municipalities_kallikratis.geojson"
KALLIKRATIS_SIMPLIFIED_FILE = "greece_municipalities_kallikratis_simplified.geojson"
CNI_GEOJSON_FILE = "cni_member_municipalities.geojson"
CNI_CSV_FILE = "cni_member_municipalities.csv"
POPULATION_FILE = "greece_municipalities_population_2021.csv"
HOSPITALS_FILE = "attica_hospitals_osm.geojson"


@dataclass(frozen=True)
class UpstreamFile:
    """One upstream file pinned to a commit, with its expected SHA-256 (None when not pinned) and what it is."""

    role: str
    repo: str
    commit: str
    path: str
    sha256: str | None
    description: str

    @property
    def label(self) -> str:
        """Short human name: repo/path@commit."""
        return f"{self.repo}/{self.path}@{self.commit[:12]}"


@dataclass(frozen=True)
class WrittenFile:
    """An output file written by :func:`fetch` and how many features or rows it holds."""

    path: Path
    count: int


@dataclass(frozen=True)
class Output:
    """One converted file, ready to write."""

    name: str
    data: bytes
    count: int


class FetchError(Exception):
    """Downloading or converting the upstream reference data failed."""


class OfflineError(FetchError):
    """The first request could not connect (DNS, refused connection or timeout)."""


class ChecksumError(FetchError):
    """A downloaded file does not have its pinned SHA-256."""


class UnpinnedError(FetchError):
    """The manifest has files without a SHA-256 pin and ``allow_unpinned`` was not given."""


_ATHENS_GIS = "kmarkosgis/athens-gis-repository"
_KALLIKRATIS = "sourcegr/Kalikratis-GeoJSON"
_KALLIKRATIS_HEAD = "c7cefeb06fb4adedb30c8dd57cf41218f3d9c81c"
_KALLIKRATIS_CODES = [*(str(code) for code in range(9001, 9326)), "null"]  # null.js is Mount Athos

MANIFEST: list[UpstreamFile] = [
    UpstreamFile(
        role=POPULATION_2021,
        repo="tdiam/greece-population-census-2021",
        commit="7cfa2fa6d68d038d38dc9fd25e3feb9b9fc8cd71",
        path="data/municipalities/populations.csv",
        sha256="78f6c218fa73105278cf6cadffb5ab936b6d9a5ca9f456534ac70820d27ccf0e",
        description="ELSTAT 2021 census provisional population per municipality (CC0 compilation; credit ELSTAT)",
    ),
    UpstreamFile(
        role=AIRBNB_NEIGHBOURHOODS,
        repo="michangelis/Exploring-Airbnb-in-Athens",
        commit="7dcb055723e854d8ca0018d66039ba646e53d6f3",
        path="data/neighbourhoods.geojson",
        sha256="e438ff47f6a1531cefc70c333092c684c7e20edde854aa374ca17f3630c438b5",
        description="Inside Airbnb's 45 Athens neighbourhoods (CC BY 4.0)",
    ),
    UpstreamFile(
        role=HOSPITALS_OSM,
        repo=_ATHENS_GIS,
        commit="23cc8f09d5581f4529854465f682f0615f628528",
        path="data/Amenities/Hospitals.geojson",
        sha256="b212c63974b81f4792e8612d7382cb2d756b77dc1af7a6f866d97935d9194e74",
        description="hospitals (amenity=hospital) in Attica from OpenStreetMap (ODbL 1.0)",
    ),
    UpstreamFile(
        role=KALLIKRATIS_NAMES,
        repo=_KALLIKRATIS,
        commit="d4073c8f7193f18a985072c506c0c1c9591f5ec8",
        path="ypesCodeMapping.json",
        sha256="a98e96bc891770a80047f3e9973d096971e6b204d8cc8bfa860a5c460b14bc62",
        description="Kallikratis municipality codes (ΥΠΕΣ) and Greek names",
    ),
    UpstreamFile(
        role=ATHENS_COMMUNITIES,
        repo=_ATHENS_GIS,
        commit="87f74052f21b061b825a1dc302b9d81a7b78f09a",
        path="data/Boundaries/AthensCom.geojson",
        sha256=None,
        description="municipal communities and neighbourhoods of the Municipality of Athens (CC BY 4.0)",
    ),
    *(
        UpstreamFile(
            role=KALLIKRATIS_MODULE,
            repo=_KALLIKRATIS,
            commit=_KALLIKRATIS_HEAD,
            path=f"datafiles/{code}.js",
            sha256=None,
            description=f"Kallikratis municipality polygon {code} as a JS module (geodata.gov.gr, CC BY 3.0)",
        )
        for code in _KALLIKRATIS_CODES
    ),
]

# The 18 Cities Network for Integration members (facts compiled from public pages, see README §6).
CNI_COLUMNS = ["name_en", "name_el_official", "kallikratis_ypes_code", "elstat_2021_code", "membership_source"]
_FOUNDER = "founding member (MoU Athens–Thessaloniki Jan 2018)"
_NEWSLETTERS = "CNI newsletter #1 (Jul 2020) / #2 (Feb 2021)"
_LATE_2020 = "joined late 2020 (CNI newsletter #2 Feb 2021)"
CNI_MEMBERS: list[tuple[str, str, str, str, str]] = [
    ("Athens", "Δήμος Αθηναίων", "9186", "4501", _FOUNDER),
    ("Thessaloniki", "Δήμος Θεσσαλονίκης", "9031", "0701", _FOUNDER),
    ("Agios Dimitrios", "Δήμος Αγίου Δημητρίου", "9194", "4802", _NEWSLETTERS),
    ("Heraklion", "Δήμος Ηρακλείου", "9305", "7101", _NEWSLETTERS),
    ("Ioannina", "Δήμος Ιωαννιτών", "9084", "1801", _NEWSLETTERS),
    ("Karditsa", "Δήμος Καρδίτσας", "9092", "2301", _NEWSLETTERS),
    ("Larissa", "Δήμος Λαρισαίων", "9100", "2201", _NEWSLETTERS),
    ("Livadeia", "Δήμος Λεβαδέων", "9145", "2801", _NEWSLETTERS),
    ("Nea Filadelfeia-Nea Chalkidona", "Δήμος Νέας Φιλαδελφείας-Νέας Χαλκηδόνος", "9193", "4508", _NEWSLETTERS),
    ("Piraeus", "Δήμος Πειραιώς", "9205", "5101", _NEWSLETTERS),
    ("Tilos", "Δήμος Τήλου", "9298", "6904", _NEWSLETTERS),
    ("Trikala", "Δήμος Τρικκαίων", "9114", "2601", _NEWSLETTERS),
    ("Tripoli", "Δήμος Τρίπολης", "9241", "4001", _NEWSLETTERS),
    ("Neapoli-Sykies", "Δήμος Νεάπολης-Συκεών", "9035", "0710", "joined Sep 2020 (CNI newsletter #1/#2)"),
    ("Chania", "Δήμος Χανίων", "9325", "7401", _LATE_2020),
    ("Delta", "Δήμος Δέλτα", "9028", "0704", _LATE_2020),
    ("Kalamaria", "Δήμος Καλαμαριάς", "9032", "0707", _LATE_2020),
    ("Katerini", "Δήμος Κατερίνης", "9047", "1101", "joined 2021 (municipal council decision 177/2021)"),
]
_CNI_YPES = {member[2] for member in CNI_MEMBERS}
_CNI_ELSTAT = {member[3] for member in CNI_MEMBERS}

# ELSTAT 2021 municipalities whose Greek name does not match a Kallikratis polygon name: the Law 4600/2019 splits
# (population summed into the parent polygon), the 2019 renames, spelling variants, the two "Ηρακλείου" and Athos.
_ELSTAT_TO_KALLIKRATIS: dict[str, str] = {
    "1402": "9069", "1405": "9069",  # Βελβεντού, Σερβίων ← Σερβίων - Βελβεντού
    "3201": "9118", "3202": "9118", "3203": "9118",  # Κέρκυρας split in three
    "3501": "9120", "3502": "9120", "3503": "9120",  # Κεφαλονιάς split in three
    "5301": "9261", "5302": "9261",  # Λέσβου split in two
    "5601": "9264", "5602": "9264",  # Σάμου split in two
    "1602": "9065",  # Άργους Ορεστικού ← Ορεστίδος
    "2602": "9112",  # Μετεώρων ← Καλαμπάκας
    "2704": "9163",  # Καμένων Βούρλων ← Μώλου - Αγ. Κωνσταντίνου
    "2802": "9142",  # Αλιάρτου - Θεσπιέων ← Αλιάρτου
    "4203": "9244",  # Λουτρακίου - Περαχώρας - Αγ. Θεοδώρων
    "4508": "9193",  # Νέας Φιλαδέλφειας - Νέας Χαλκηδόνος
    "5104": "9204",  # Νίκαιας - Αγίου Ι. Ρέντη
    "5207": "9213",  # Τροιζηνίας - Μεθάνων
    "0803": "9025", "5702": "9267", "6202": "9281",  # "Ηρωικής ..." prefixes
    "2405": "9108", "2707": "9164", "4506": "9191", "4706": "9184", "5201": "9211",  # spelling variants
    "4604": "9170", "7101": "9305",  # Ηρακλείου: Attica and Crete
    "9901": "null",  # Άγιο Όρος (Mount Athos), null.js
}  # fmt: skip
_SPLIT_NOTE = "sum of ELSTAT 2021 municipalities created by law 4600/2019"
_ATHOS_FULL_NAME = "Άγιο Όρος (Αυτοδιοίκητο)"
_ATHENS_YPES = "9186"
