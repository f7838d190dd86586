"""Demo data: clearly labelled fictional organisations and services, placed inside the real areas and loaded in bulk.

Ids are uuid5 of (seed, number of services, record kind, index): running again with the same `seed` and `services`
updates the same rows in place (their languages, schedules, phones, categories… are replaced); another seed or size
adds a second, separate demo set beside the first.

Where: a municipality drawn with weight population × 4 in Attica and in the Cities Network for Integration (× 3 more
for Athens, the map's home); inside Athens a neighbourhood drawn by area. Points come from PostGIS
`ST_GeneratePoints` inside that polygon, seeded by seed and area code (the same seed gives the same points wherever
the same reference data is loaded), and are kept only when the municipality covers them under the exact `ST_Covers`
test the app uses. (Sampling in Python with shapely's `contains_xy` took the same 0.2 s for 100,000 points, but
PostGIS decides "inside" exactly as the app's queries do.)

How: rows are built as plain tuples, then each table is filled with one COPY (psycopg 3); records that exist already
(same seed and size) go through a staging table and `INSERT … ON CONFLICT DO UPDATE`. Last, one
`location_areas_refresh()` assigns each location its municipality, community and neighbourhood. COPY bypasses
the one recorder of changes (`editing.writer.history_record`): demo data gets no history versions and no HSDS
`metadata` rows, on purpose (fictional records, loaded in bulk for speed); the next edit of one records the state it
finds as its first version.
"""

import hashlib
import random
import time
import zlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as clock
from types import SimpleNamespace
from typing import Any
from uuid import UUID

from django.db import connection, models
from django.db.backends.utils import CursorWrapper
from django.utils import timezone
from django.utils.text import slugify

from boundaries.actions import ATHENS_CODE, location_areas_refresh
from boundaries.models import AreaLevel
from search.actions.directory import directory_changed
from search.actions.search_index import search_index_deferred
from services.actions.taxonomy import ID_NAMESPACE
from services.models import (
    Address,
    Language,
    Location,
    Organization,
    OrganizationKind,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    service_search_text,
)

DEMO_LABEL_EL = "[ΔΟΚΙΜΑΣΤΙΚΟ]"
DEMO_LABEL_EN = "[DEMO]"
SERVICES_PER_ORGANIZATION = 11  # on average; organisations get 1 to ~30 services
ATTICA_YPES_CODES = range(9167, 9233)  # Kallikratis codes of the 66 municipalities of the Attica region
ATTICA_WEIGHT = 4.0
CNI_WEIGHT = 4.0
ATHENS_WEIGHT = 3.0  # on top of the Attica/Cities Network weight
PIRAEUS_CODE = "gr-9205"
MOUNT_ATHOS_CODE = "gr-athos"  # a monastic state: no services placed there
VERIFIED_WITHIN_DAYS = 400  # assured_date over the last 13 months: some need re-confirmation, a few are hidden
INDEX_REBUILD_ROWS = 50_000  # loads at least this big into smaller tables build their secondary indexes afterwards


class DemoSeedError(Exception):
    """The demo data cannot be made (e.g. the reference data is not loaded)."""


@dataclass
class DemoReport:
    """What `demo_seed` wrote, and how long each step took (seconds)."""

    organizations: int = 0
    services: int = 0
    locations: int = 0
    municipalities: int = 0
    rows: int = 0
    new: bool = True  # False: the same seed and size had run before, and its records were updated in place
    seconds: dict[str, float] = field(default_factory=dict)
    table_seconds: dict[str, float] = field(default_factory=dict)  # the "write" step, table by table

    @property
    def total_seconds(self) -> float:
        return sum(self.seconds.values())


# ----------------------------------------------------------------------------------------------- word lists
# Fictional names: an emblem and a kind of body. Emblems that well-known Greek NGOs use are left out on purpose.
EMBLEMS = [
    ("Πλάτανος", "Plane Tree"), ("Ορίζοντας", "Horizon"), ("Πυξίδα", "Compass"), ("Αλκυόνη", "Halcyon"),
    ("Χελιδόνι", "Swallow"), ("Ρόδι", "Pomegranate"), ("Ανεμόμυλος", "Windmill"), ("Κατώφλι", "Threshold"),
    ("Αμυγδαλιά", "Almond Tree"), ("Πέρασμα", "Passage"), ("Σταυροδρόμι", "Crossroads"), ("Μονοπάτι", "Pathway"),
    ("Λιμάνι", "Harbour"), ("Βότσαλο", "Pebble"), ("Αυλή", "Courtyard"), ("Μελτέμι", "Meltemi"),
    ("Κυπαρίσσι", "Cypress"), ("Δελφίνι", "Dolphin"), ("Αστρολάβος", "Astrolabe"), ("Ανατολή", "Sunrise"),
    ("Πλώρη", "Prow"), ("Κοχύλι", "Seashell"), ("Κληματαριά", "Vine Arbour"), ("Νησίδα", "Islet"),
    ("Γαλάζιο", "Azure"), ("Φτερό", "Feather"), ("Κερήθρα", "Honeycomb"), ("Αρμονία", "Harmony"),
    ("Ίριδα", "Iris"), ("Λυχνάρι", "Oil Lamp"), ("Σπίθα", "Spark"), ("Βελανιδιά", "Oak Tree"),
    ("Κρίνος", "Lily"), ("Αλμυρίκι", "Tamarisk"), ("Ηλιοτρόπιο", "Heliotrope"), ("Πανσέληνος", "Full Moon"),
]  # fmt: skip
ORGANIZATION_FORMS: dict[str, list[tuple[str, str]]] = {
    OrganizationKind.LOCAL_NGO: [
        ("Σύλλογος Αλληλεγγύης «{el}»", "{en} Solidarity Association"),
        ("Δίκτυο Υποστήριξης Προσφύγων «{el}»", "{en} Refugee Support Network"),
        ("Αστική Μη Κερδοσκοπική Εταιρεία «{el}»", "{en} Non-Profit Company"),
        ("Πρωτοβουλία Ένταξης «{el}»", "{en} Integration Initiative"),
        ("Κοινωνική Συνεταιριστική Επιχείρηση «{el}»", "{en} Social Cooperative"),
        ("Κέντρο Κοινότητας «{el}»", "{en} Community Centre"),
    ],
    OrganizationKind.INTERNATIONAL_NGO: [
        ("Διεθνής Ανθρωπιστική Δράση «{el}»", "{en} Humanitarian Action International"),
        ("Διεθνές Δίκτυο Αρωγής «{el}»", "{en} Relief Network International"),
        ("Ιατρική Αποστολή «{el}»", "{en} Medical Mission"),
        ("Διεθνής Οργάνωση Προστασίας Παιδιών «{el}»", "{en} Child Protection International"),
    ],
    OrganizationKind.MUNICIPAL_SERVICE: [
        ("Δημοτικό Γραφείο Ένταξης «{el}»", "{en} Municipal Integration Office"),
        ("Δημοτικό Κοινωνικό Κέντρο «{el}»", "{en} Municipal Social Centre"),
        ("Δημοτικό Σημείο Εξυπηρέτησης Μεταναστών «{el}»", "{en} Municipal Migrant Help Desk"),
    ],
    OrganizationKind.INTERNATIONAL_ORGANISATION: [
        ("Διακυβερνητικό Γραφείο Κινητικότητας «{el}»", "{en} Intergovernmental Mobility Office"),
        ("Διεθνής Υπηρεσία Προστασίας «{el}»", "{en} International Protection Agency"),
    ],
    OrganizationKind.MIGRANT_FORUM: [
        ("Φόρουμ Μεταναστών και Προσφύγων «{el}»", "{en} Migrant and Refugee Forum"),
        ("Κοινότητα Προσφύγων «{el}»", "{en} Refugee Community Association"),
        ("Ένωση Μεταναστριών «{el}»", "{en} Migrant Women's Union"),
    ],
    OrganizationKind.MINISTRY_DEPARTMENT: [
        ("Περιφερειακό Γραφείο Υποδοχής «{el}»", "{en} Regional Reception Office"),
        ("Διεύθυνση Κοινωνικής Ένταξης, Τμήμα «{el}»", "Social Inclusion Directorate, {en} Unit"),
    ],
    OrganizationKind.NATIONAL_INSTITUTION: [
        ("Εθνικό Κέντρο Κοινωνικής Ένταξης «{el}»", "{en} National Centre for Social Inclusion"),
        ("Ινστιτούτο Δικαιωμάτων «{el}»", "{en} Rights Institute"),
    ],
    OrganizationKind.INTERNATIONAL_INSTITUTION: [
        ("Ευρωπαϊκό Γραφείο Σύνδεσης «{el}»", "{en} European Liaison Office"),
        ("Διεθνές Ινστιτούτο Μετανάστευσης «{el}»", "{en} International Migration Institute"),
    ],
}
# (kind, share of organisations, relative number of services each)
ORGANIZATION_KINDS = [
    (OrganizationKind.LOCAL_NGO, 40, 1.0),
    (OrganizationKind.MUNICIPAL_SERVICE, 16, 1.0),
    (OrganizationKind.INTERNATIONAL_NGO, 14, 1.8),
    (OrganizationKind.MIGRANT_FORUM, 10, 0.5),
    (OrganizationKind.NATIONAL_INSTITUTION, 6, 1.2),
    (OrganizationKind.MINISTRY_DEPARTMENT, 5, 1.2),
    (OrganizationKind.INTERNATIONAL_ORGANISATION, 6, 1.8),
    (OrganizationKind.INTERNATIONAL_INSTITUTION, 3, 1.0),
]
# Service names by category code (the committee codes name general services of that committee).
SERVICE_NAMES: dict[str, list[tuple[str, str]]] = {
    "skills-employment": [("Κέντρο απασχόλησης και δεξιοτήτων", "Jobs and skills centre")],
    "job-counselling": [("Συμβουλευτική σταδιοδρομίας", "Career counselling"),
                        ("Γραφείο συμβουλευτικής απασχόλησης", "Employment advice desk")],
    "vocational-training": [("Πρόγραμμα επαγγελματικής κατάρτισης", "Vocational training programme"),
                            ("Εργαστήρια κατάρτισης σε επαγγέλματα", "Trade skills workshops")],
    "job-search": [("Εργαστήρι βιογραφικού", "CV workshop"), ("Υποστήριξη αναζήτησης εργασίας", "Job search support")],
    "entrepreneurship": [("Θερμοκοιτίδα μικρών επιχειρήσεων", "Small business incubator"),
                         ("Συμβουλευτική επιχειρηματικότητας", "Business start-up advice")],
    "work-documents": [("Βοήθεια για ΑΦΜ και ΑΜΚΑ", "Help with tax and social security numbers"),
                       ("Γραφείο εγγράφων εργασίας", "Work documents desk")],
    "recognition-of-qualifications": [("Αναγνώριση τίτλων σπουδών", "Recognition of diplomas"),
                                      ("Πιστοποίηση δεξιοτήτων", "Skills certification")],
    "urban-coexistence": [("Κέντρο ένταξης μεταναστών", "Migrant integration centre")],
    "housing": [("Πρόγραμμα στέγασης σε διαμερίσματα", "Apartment housing programme"),
                ("Συμβουλευτική στέγασης", "Housing advice")],
    "emergency-shelter": [("Ξενώνας έκτακτης φιλοξενίας", "Emergency shelter"), ("Υπνωτήριο", "Night shelter")],
    "food": [("Κοινωνική κουζίνα", "Community kitchen"), ("Διανομή τροφίμων", "Food distribution")],
    "material-aid": [("Κοινωνικό παντοπωλείο", "Social grocery"),
                     ("Διανομή ρούχων και ειδών υγιεινής", "Clothes and hygiene kits")],
    "cultural-mediation": [("Υπηρεσία διερμηνείας", "Interpreting service"),
                           ("Διαπολιτισμικοί μεσολαβητές", "Cultural mediators")],
    "community-centres": [("Κέντρο ημέρας", "Day centre"), ("Κοινοτικό κέντρο", "Community centre")],
    "sports-culture": [("Ομάδα ποδοσφαίρου για νέους", "Youth football team"),
                       ("Πολιτιστικά εργαστήρια", "Arts and culture workshops")],
    "education": [("Εκπαιδευτικό κέντρο", "Learning centre")],
    "greek-language": [("Μαθήματα ελληνικών για ενήλικες", "Greek classes for adults"),
                       ("Εντατικά μαθήματα ελληνικών", "Intensive Greek course")],
    "other-languages": [("Μαθήματα αγγλικών", "English classes"),
                        ("Μαθήματα γερμανικών και γαλλικών", "German and French classes")],
    "school-enrolment": [("Υποστήριξη εγγραφής στο σχολείο", "School enrolment support"),
                         ("Σύνδεση σχολείου και οικογένειας", "School and family liaison")],
    "non-formal-education": [("Μη τυπική εκπαίδευση για εφήβους", "Non-formal education for teenagers"),
                             ("Εργαστήρια δεξιοτήτων ζωής", "Life skills workshops")],
    "homework-support": [("Φροντιστήριο μελέτης", "Homework club"), ("Ενισχυτική διδασκαλία", "Tutoring")],
    "early-childhood": [("Παιδικός χώρος", "Child-friendly space"), ("Προσχολικό πρόγραμμα", "Pre-school programme")],
    "higher-education": [("Συμβουλευτική για σπουδές και υποτροφίες", "Study and scholarship advice"),
                         ("Προετοιμασία για το πανεπιστήμιο", "University preparation")],
    "digital-skills": [("Μαθήματα υπολογιστών", "Computer classes"), ("Ψηφιακός γραμματισμός", "Digital literacy")],
    "gender": [("Κέντρο ισότητας φύλων", "Gender equality centre")],
    "gbv-support": [("Συμβουλευτικό κέντρο για επιζώσες βίας", "Counselling centre for survivors of violence"),
                    ("Γραμμή υποστήριξης για την έμφυλη βία", "Gender-based violence support line")],
    "women-safe-spaces": [("Ασφαλής χώρος γυναικών", "Women's safe space"),
                          ("Κέντρο γυναικών και κοριτσιών", "Women and girls centre")],
    "lgbtqi-support": [("Ομάδα υποστήριξης ΛΟΑΤΚΙ+ προσφύγων", "LGBTQI+ refugee support group"),
                       ("Ασφαλής χώρος ΛΟΑΤΚΙ+", "LGBTQI+ safe space")],
    "trafficking-support": [("Υποστήριξη θυμάτων εμπορίας ανθρώπων", "Trafficking survivor support"),
                            ("Ξενώνας για θύματα εμπορίας", "Shelter for trafficking survivors")],
    "parenting-support": [("Ομάδα γονέων", "Parents' group"),
                          ("Στήριξη μητέρων και βρεφών", "Mother and baby support")],
    "rights-legal": [("Γραφείο δικαιωμάτων", "Rights office")],
    "legal-aid": [("Δωρεάν νομική συνδρομή", "Free legal aid"), ("Νομική συμβουλευτική", "Legal advice clinic")],
    "asylum-procedure": [("Ενημέρωση για τη διαδικασία ασύλου", "Asylum information"),
                         ("Προετοιμασία συνέντευξης ασύλου", "Asylum interview preparation")],
    "family-reunification": [("Υποστήριξη οικογενειακής επανένωσης", "Family reunification support"),
                             ("Αναζήτηση μελών οικογένειας", "Family tracing")],
    "residence-permits": [("Βοήθεια για άδειες διαμονής", "Residence permit help"),
                          ("Ανανέωση αδειών διαμονής", "Residence permit renewals")],
    "child-protection": [("Υπηρεσία προστασίας παιδιών", "Child protection service"),
                         ("Ψυχοκοινωνική στήριξη παιδιών", "Psychosocial support for children")],
    "unaccompanied-minors": [("Ξενώνας ασυνόδευτων ανηλίκων", "Shelter for unaccompanied minors"),
                             ("Επιτροπεία ασυνόδευτων ανηλίκων", "Guardianship for unaccompanied minors")],
    "detention-support": [("Νομική υποστήριξη κρατουμένων", "Legal support in detention"),
                          ("Επισκέψεις σε χώρους κράτησης", "Detention visits")],
    "anti-discrimination": [("Καταγραφή ρατσιστικών περιστατικών", "Racist incident reporting"),
                            ("Γραφείο κατά των διακρίσεων", "Anti-discrimination desk")],
    "health": [("Κέντρο υγείας", "Health centre")],
    "primary-health": [("Πολυϊατρείο", "Polyclinic"), ("Ιατρείο πρωτοβάθμιας φροντίδας", "Primary care clinic")],
    "mental-health": [("Ψυχολογική υποστήριξη", "Psychological support"),
                      ("Κέντρο ψυχικής υγείας", "Mental health centre")],
    "sexual-reproductive-health": [("Ιατρείο γυναικών", "Women's health clinic"),
                                   ("Οικογενειακός προγραμματισμός", "Family planning")],
    "vaccination": [("Εμβολιαστικό κέντρο", "Vaccination centre"), ("Εμβολιασμοί παιδιών", "Childhood vaccinations")],
    "dental-care": [("Οδοντιατρείο", "Dental clinic"), ("Κοινωνικό οδοντιατρείο", "Community dental clinic")],
    "medicines": [("Κοινωνικό φαρμακείο", "Social pharmacy"), ("Διανομή φαρμάκων", "Medicines distribution")],
    "disability-support": [("Στήριξη ατόμων με αναπηρία", "Disability support"),
                           ("Κέντρο αποκατάστασης", "Rehabilitation centre")],
    "addiction-support": [("Συμβουλευτική εξαρτήσεων", "Addiction counselling"),
                          ("Πρόγραμμα μείωσης της βλάβης", "Harm reduction programme")],
    "health-system-access": [("Βοήθεια για ΑΜΚΑ και ΠΑΑΥΠΑ", "Help with AMKA and PAAYPA"),
                             ("Συνοδεία σε νοσοκομεία", "Hospital accompaniment")],
}  # fmt: skip
# How common a category is, relative to 1 (committee codes: general services of the committee).
CATEGORY_WEIGHTS = {
    "legal-aid": 3.0, "greek-language": 3.0, "asylum-procedure": 2.5, "food": 2.5, "primary-health": 2.0,
    "material-aid": 2.0, "job-counselling": 2.0, "mental-health": 2.0, "cultural-mediation": 2.0, "housing": 1.5,
    "community-centres": 1.5, "detention-support": 0.4, "higher-education": 0.5, "addiction-support": 0.5,
    "entrepreneurship": 0.6, "dental-care": 0.6, "trafficking-support": 0.5, "lgbtqi-support": 0.6,
    "vaccination": 0.7, "family-reunification": 0.8,
    "skills-employment": 0.4, "urban-coexistence": 0.4, "education": 0.4, "gender": 0.4, "rights-legal": 0.4,
    "health": 0.4,
}  # fmt: skip
AUDIENCES_BY_CATEGORY = {
    "gbv-support": ["women", "survivors-of-violence"], "women-safe-spaces": ["women"], "lgbtqi-support": ["lgbtqi"],
    "trafficking-support": ["survivors-of-violence", "women"], "parenting-support": ["families", "single-parents"],
    "unaccompanied-minors": ["unaccompanied-minors", "children"], "child-protection": ["children"],
    "early-childhood": ["children", "families"], "homework-support": ["children", "youth"],
    "school-enrolment": ["children", "families"], "sexual-reproductive-health": ["women", "pregnant-women"],
    "disability-support": ["people-with-disabilities", "older-people"], "emergency-shelter": ["homeless", "families"],
    "housing": ["families", "single-parents", "homeless"], "vocational-training": ["youth"],
    "higher-education": ["youth"], "sports-culture": ["youth", "children"], "food": ["homeless", "families"],
    "material-aid": ["families", "homeless"], "non-formal-education": ["youth"], "vaccination": ["children"],
}  # fmt: skip
AGE_LIMITS = {
    "early-childhood": (0, 6), "homework-support": (6, 17), "unaccompanied-minors": (0, 17),
    "child-protection": (0, 17), "school-enrolment": (4, 17), "non-formal-education": (12, 18),
    "higher-education": (17, None), "vocational-training": (18, None),
}  # fmt: skip
PAID_SHARE = {
    "vocational-training": 0.3, "dental-care": 0.3, "other-languages": 0.35, "higher-education": 0.3,
    "digital-skills": 0.15, "sports-culture": 0.15, "mental-health": 0.08,
}  # fmt: skip
REDACTED_SHARE = {
    "emergency-shelter": 1.0, "women-safe-spaces": 0.5, "trafficking-support": 0.6, "gbv-support": 0.3,
    "unaccompanied-minors": 0.5,
}  # fmt: skip
HELPLINE_SHARE = {
    "gbv-support": 0.15, "mental-health": 0.1, "child-protection": 0.1, "trafficking-support": 0.15,
    "anti-discrimination": 0.1,
}  # fmt: skip
ELIGIBILITY_WEIGHTS = {
    "asylum-seekers": 3.0, "recognised-refugees": 3.0, "subsidiary-protection": 1.5, "temporary-protection": 1.0,
    "residence-permit-holders": 1.5, "undocumented": 0.7, "eu-citizens": 0.4,
}  # fmt: skip
# (ISO 639-1, share of services, name in Greek, name in English)
LANGUAGES = [
    ("el", 0.93, "ελληνικά", "Greek"), ("en", 0.72, "αγγλικά", "English"), ("ar", 0.32, "αραβικά", "Arabic"),
    ("fa", 0.3, "φαρσί", "Farsi"), ("fr", 0.17, "γαλλικά", "French"), ("ur", 0.12, "ούρντου", "Urdu"),
    ("uk", 0.1, "ουκρανικά", "Ukrainian"), ("ps", 0.09, "πάστο", "Pashto"),
]  # fmt: skip
STREETS = [
    "Ελευθερίου Βενιζέλου", "Εθνικής Αντιστάσεως", "28ης Οκτωβρίου", "25ης Μαρτίου", "Αγίου Νικολάου",
    "Αγίου Γεωργίου", "Αγίου Δημητρίου", "Παπαφλέσσα", "Κολοκοτρώνη", "Καραϊσκάκη", "Μιαούλη", "Κανάρη",
    "Μπουμπουλίνας", "Μαυρομιχάλη", "Ανδρούτσου", "Μάρκου Μπότσαρη", "Ερμού", "Αθηνάς", "Ηρώων Πολυτεχνείου",
    "Δημοκρατίας", "Ειρήνης", "Σωκράτους", "Πλάτωνος", "Αριστοτέλους", "Ομήρου", "Σαπφούς", "Ιπποκράτους",
    "Θεμιστοκλέους", "Περικλέους", "Μεγάλου Αλεξάνδρου", "Κύπρου", "Κρήτης", "Μακεδονίας", "Ηπείρου",
    "Σμύρνης", "Πόντου", "Ρήγα Φεραίου", "Κοραή", "Σολωμού", "Παλαμά", "Καζαντζάκη", "Καποδιστρίου",
    "Ίωνος Δραγούμη", "Αγίας Σοφίας", "Ευαγγελιστρίας", "Αιόλου", "Μενάνδρου", "Σοφοκλέους", "Ευριπίδου",
    "Αισχύλου", "Πινδάρου", "Ησιόδου", "Φιλελλήνων", "Ναυαρίνου", "Λεωφόρος Δημοκρατίας", "Λεωφόρος Ειρήνης",
]  # fmt: skip
APPLICATION = [
    ("Προσέλευση χωρίς ραντεβού στις ώρες λειτουργίας.", "Walk in during opening hours."),
    ("Με ραντεβού στο τηλέφωνο.", "By appointment over the phone."),
    ("Με παραπομπή από κοινωνική υπηρεσία ή οργάνωση.", "On referral from a social service or organisation."),
    ("Συμπληρώστε τη φόρμα στον ιστότοπο και θα σας καλέσουμε.", "Fill in the form on the website; we call back."),
]
BY_APPOINTMENT = ("Μόνο με ραντεβού.", "By appointment only.")
FREE = ("Δωρεάν.", "Free of charge.")
FEES = [
    ("Συμβολική συμμετοχή 5 € τον μήνα.", "Symbolic fee of €5 a month."),
    ("Μειωμένο κόστος· δωρεάν για ανέργους.", "Reduced cost; free for unemployed people."),
    ("20 € ανά συνεδρία, με δυνατότητα απαλλαγής.", "€20 per session; can be waived."),
]
MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
ORG_DESCRIPTION = (
    "Φανταστική οργάνωση για την επίδειξη της εφαρμογής· δεν υπάρχει στην πραγματικότητα.",
    "Fictional organisation for demonstrating the app; it does not exist.",
)
LANGUAGE_INDEX = {code: i for i, (code, _, _, _) in enumerate(LANGUAGES)}
LANGUAGE_NAMES_EL = {code: name_el for code, _, name_el, _ in LANGUAGES}
LANGUAGE_NAMES_EN = {code: name_en for code, _, _, name_en in LANGUAGES}
STATUSES = ["active", "temporarily closed", "inactive"]
STATUS_CUM = [0.97, 0.99, 1.0]
CAPACITIES = ["accepting", "waiting_list", "full"]
CAPACITY_CUM = [0.8, 0.95, 1.0]

# Weekly hours: (byday, opens, closes, attending type); a closing time before the opening time ends after midnight.
WEEKDAYS = "MO,TU,WE,TH,FR"
EVERY_DAY = "MO,TU,WE,TH,FR,SA,SU"
Hours = tuple[str, clock, clock, str]
ROUND_THE_CLOCK: list[Hours] = [
    (EVERY_DAY, clock(0), clock(12), "in person"),
    (EVERY_DAY, clock(12), clock(0), "in person"),
]
HELPLINE: list[Hours] = [(d, o, c, "phone") for d, o, c, _ in ROUND_THE_CLOCK]
NIGHT_SHELTER: list[list[Hours]] = [
    [(EVERY_DAY, clock(20), clock(8), "in person")],
    [(EVERY_DAY, clock(21), clock(7, 30), "in person")],
]
OUTREACH_NIGHT: list[Hours] = [(WEEKDAYS, clock(21), clock(1), "in person")]
DAILY_MEAL: list[Hours] = [(EVERY_DAY, clock(12), clock(14, 30), "in person")]
OFFICE_HOURS = [
    (clock(9), clock(15)), (clock(9), clock(17)), (clock(8, 30), clock(14, 30)), (clock(10), clock(16)),
    (clock(10), clock(18)), (clock(9), clock(15)), (clock(9), clock(17)), (clock(8), clock(16)),
]  # fmt: skip
PART_WEEK: list[Hours] = [
    ("MO,WE,FR", clock(10), clock(14), "in person"), ("TU,TH", clock(11), clock(15), "in person"),
    ("MO,TU,WE,TH", clock(9), clock(13), "in person"), ("WE", clock(10), clock(13), "in person"),
]  # fmt: skip
EVENINGS: list[Hours] = [
    ("MO,WE", clock(17), clock(20), "in person"), ("TU,TH", clock(18), clock(21), "in person"),
    (WEEKDAYS, clock(16), clock(20), "in person"), ("TH", clock(18, 30), clock(21, 30), "in person"),
]  # fmt: skip
WEEKENDS: list[Hours] = [
    ("SA", clock(10), clock(14), "in person"), ("SA,SU", clock(11), clock(17), "in person"),
    ("SU", clock(10), clock(13), "in person"), ("SA", clock(9), clock(13), "in person"),
]  # fmt: skip
EVENING_SHARE = {"greek-language": 0.4, "other-languages": 0.4, "digital-skills": 0.3, "sports-culture": 0.3}
WEEKEND_SHARE = {"community-centres": 0.35, "sports-culture": 0.5, "food": 0.3, "material-aid": 0.3}

# Postal-code prefixes (first three digits) and telephone area codes, by region; big cities have their own.
CITY_CODES = {
    ATHENS_CODE: ((104, 105, 106, 111, 112, 113, 114, 115, 116, 117, 118), "210"),
    PIRAEUS_CODE: ((185,), "210"),
    "gr-9031": ((546, 563), "2310"),  # Thessaloniki
    "gr-9134": ((262, 263, 264), "2610"),  # Patras
    "gr-9305": ((712, 713, 714), "2810"),  # Heraklion
    "gr-9100": ((412, 413), "2410"),  # Larissa
    "gr-9105": ((382, 383), "2421"),  # Volos
    "gr-9084": ((452, 453, 455), "2651"),  # Ioannina
    "gr-9325": ((731, 732, 733), "2821"),  # Chania
    "gr-9296": ((851,), "2241"),  # Rhodes
}
REGION_CODES = {
    "crete": (range(700, 750), ("2810", "2821", "2831", "2841", "2842", "2892", "2897")),
    "islands": (range(800, 860), ("2241", "2242", "2243", "2281", "2284", "2251", "2271", "2273", "2275")),
    "thrace": (range(640, 695), ("2510", "2521", "2531", "2541", "2551", "2591")),
    "macedonia": (range(540, 640), ("2310", "2391", "2392", "2341", "2351", "2371", "2381", "2321", "2331")),
    "west_macedonia": (range(500, 540), ("2461", "2462", "2463", "2467", "2385")),
    "epirus_ionian": (range(450, 500), ("2651", "2661", "2671", "2681", "2665", "2645")),
    "west_greece": (range(260, 310), ("2610", "2641", "2631", "2621", "2693")),
    "peloponnese": (range(200, 250), ("2710", "2721", "2731", "2741", "2751", "2752", "2761", "2791")),
    "central": (range(320, 440), ("2410", "2421", "2431", "2441", "2221", "2231", "2261", "2262", "2271")),
    "attica": (range(121, 200), ("210",)),
}


# ----------------------------------------------------------------------------------------------- reference data
@dataclass
class _Municipality:
    id: int
    code: str
    name_el: str
    name_en: str
    weight: float
    attica: bool
    postal_prefixes: tuple[int, ...]
    phone_area: str


@dataclass
class _Reference:
    municipalities: list[_Municipality]
    athens: _Municipality | None
    # Athens neighbourhoods: (area id, area code, weight)
    neighbourhoods: list[tuple[int, str, float]]
    # taxonomy code -> term code -> (term id, name_el, name_en, parent code or None)
    terms: dict[str, dict[str, tuple[UUID, str, str, str | None]]]


def _region(*, lon: float, lat: float) -> str:
    """A coarse region from a municipality's centre, for plausible postal and telephone codes."""
    if lat < 35.75:
        return "crete"
    if lon > 24.3 and lat < 39.6:
        return "islands"
    if lat > 40.6 and lon > 24.0:
        return "thrace"
    if lat > 40.2 and lon > 22.2:
        return "macedonia"
    if lat > 39.9:
        return "west_macedonia" if lon > 21.0 else "epirus_ionian"
    if lon < 21.3 and lat > 38.9 or lon < 20.95:
        return "epirus_ionian"
    if lon < 22.0 and lat >= 37.9:
        return "west_greece"
    if lat < 37.95 and lon < 23.5:
        return "peloponnese"
    return "central"


def _reference_load() -> _Reference:
    """Municipalities with their draw weights, Athens neighbourhoods, and the curated taxonomy terms."""
    municipalities = []
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT id, code, name_el, name_en, population, cni_member,
                   ST_X(ST_PointOnSurface(geom)), ST_Y(ST_PointOnSurface(geom))
            FROM boundaries_area WHERE level = %s AND population > 0 AND code <> %s ORDER BY code
            """,
            [AreaLevel.MUNICIPALITY, MOUNT_ATHOS_CODE],
        )
        for area_id, code, name_el, name_en, population, cni, lon, lat in cursor.fetchall():
            ypes = int(code.removeprefix("gr-")) if code.removeprefix("gr-").isdigit() else 0
            attica = ypes in ATTICA_YPES_CODES
            weight = population * max(ATTICA_WEIGHT if attica else 1.0, CNI_WEIGHT if cni else 1.0)
            weight *= ATHENS_WEIGHT if code == ATHENS_CODE else 1.0
            region = "attica" if attica else _region(lon=lon, lat=lat)
            postal_range, phone_areas = REGION_CODES[region]
            crc = zlib.crc32(code.encode())
            prefixes, phone_area = CITY_CODES.get(
                code, ((postal_range[crc % len(postal_range)],), phone_areas[crc % len(phone_areas)])
            )
            municipalities.append(
                _Municipality(
                    area_id, code, name_el or name_en, name_en or name_el, weight, attica, prefixes, phone_area
                )
            )
        # Athens neighbourhoods, clipped to the municipality polygon (the two layers come from different sources).
        # Parks, hills and archaeological sites (kind "place") rarely hold services; the centre holds many.
        cursor.execute(
            """
            SELECT n.id, n.code, ST_Area(ST_CollectionExtract(ST_Intersection(n.geom, m.geom), 3)::geography),
                   n.properties ->> 'kind', p.code
            FROM boundaries_area AS n
            JOIN boundaries_area AS m ON m.code = %s
            LEFT JOIN boundaries_area AS p ON p.id = n.parent_id
            WHERE n.level = %s AND ST_Intersects(n.geom, m.geom)
            ORDER BY n.code
            """,
            [ATHENS_CODE, AreaLevel.NEIGHBOURHOOD],
        )
        neighbourhoods = [
            (area_id, code, area_m2 * (0.1 if kind == "place" else 1.0) * (1.5 if parent == "athens-dk-1" else 1.0))
            for area_id, code, area_m2, kind, parent in cursor.fetchall()
            if area_m2 and area_m2 > 1000
        ]
        cursor.execute(
            """
            SELECT x.code, t.code, t.id, t.name_el, t.name_en, p.code
            FROM services_taxonomyterm AS t
            JOIN services_taxonomy AS x ON x.id = t.taxonomy_id
            LEFT JOIN services_taxonomyterm AS p ON p.id = t.parent_id
            ORDER BY x.code, t.position, t.code
            """
        )
        terms: dict[str, dict[str, tuple[UUID, str, str, str | None]]] = defaultdict(dict)
        for taxonomy, code, term_id, name_el, name_en, parent in cursor.fetchall():
            terms[taxonomy][code] = (term_id, name_el or name_en, name_en or name_el, parent)
    if not municipalities:
        raise DemoSeedError("no municipalities with a population: run load_reference_data first")
    if not terms.get("categories"):
        raise DemoSeedError("no service categories: run load_reference_data first (it loads the taxonomy)")
    athens = next((m for m in municipalities if m.code == ATHENS_CODE), None)
    return _Reference(municipalities, athens, neighbourhoods if athens else [], dict(terms))


# ----------------------------------------------------------------------------------------------- the plan
@dataclass
class _Rows:
    """Rows to load, table by table, each a tuple in the order of the matching `_COLUMNS` entry."""

    organizations: list[tuple] = field(default_factory=list)
    services: list[tuple] = field(default_factory=list)
    locations: list[tuple] = field(default_factory=list)
    addresses: list[tuple] = field(default_factory=list)
    service_at_locations: list[tuple] = field(default_factory=list)
    languages: list[tuple] = field(default_factory=list)
    schedules: list[tuple] = field(default_factory=list)
    phones: list[tuple] = field(default_factory=list)
    categories: list[tuple] = field(default_factory=list)
    audiences: list[tuple] = field(default_factory=list)
    eligibility: list[tuple] = field(default_factory=list)


_COLUMNS = {
    "organizations": ["id", "name", "name_el", "name_en", "description", "description_el", "description_en",
                      "email", "website", "year_incorporated", "kind", "accmr_member", "is_demo"],
    "services": ["id", "organization_id", "name", "name_el", "name_en", "description", "description_el",
                 "description_en", "email", "status", "interpretation_services", "interpretation_services_el",
                 "interpretation_services_en", "application_process", "application_process_el",
                 "application_process_en", "fees_description", "fees_description_el", "fees_description_en",
                 "minimum_age", "maximum_age", "assured_date", "assurer_email", "alert", "alert_el", "alert_en",
                 "free_of_charge", "valid_from", "valid_to", "capacity_status", "search_text"],
    # `point` is None in the plan, then filled in from the generated points.
    "locations": ["id", "organization_id", "name", "name_el", "name_en", "redacted", "point"],
    "addresses": ["id", "location_id", "address_1", "city", "state_province", "postal_code", "country"],
    "service_at_locations": ["id", "service_id", "location_id"],
    "languages": ["id", "service_id", "name", "code"],
    "schedules": ["id", "service_id", "byday", "opens_at", "closes_at", "attending_type", "description"],
    "phones": ["id", "service_id", "number", "type", "description"],
    "categories": ["service_id", "taxonomyterm_id"],
    "audiences": ["service_id", "taxonomyterm_id"],
    "eligibility": ["service_id", "taxonomyterm_id"],
}  # fmt: skip


def _id_maker(*, seed: int, services: int) -> Callable[..., str]:
    """Ids equal to `stable_id("demo", seed, services, kind, *index)` (uuid5), as strings without UUID objects."""
    prefix = ID_NAMESPACE.bytes + f"demo/{seed}/{services}/".encode()
    sha1 = hashlib.sha1
    clear = ~(0xC000 << 48) & ~(0xF000 << 64)
    version = (0x8000 << 48) | (5 << 76)

    def uid(kind: str, *index: int) -> str:
        name = kind + "".join(f"/{i}" for i in index)
        value = int.from_bytes(sha1(prefix + name.encode()).digest()[:16], "big") & clear | version
        x = f"{value:032x}"
        return f"{x[:8]}-{x[8:12]}-{x[12:16]}-{x[16:20]}-{x[20:]}"

    return uid


def _search_words(*, names: tuple[str, str], descriptions: tuple[str, str] = ("", "")) -> str:
    """Folded search words of a service's own texts or of its organisation's names (see `service_search_text`)."""
    texts = SimpleNamespace(name_el=names[0], name_en=names[1], description_el=descriptions[0],
                            description_en=descriptions[1])  # fmt: skip
    return service_search_text(texts, organization_names=())


def _phone(rng: random.Random, *, area: str) -> str:
    """A Greek landline number in the area's code: +30 plus ten digits."""
    rest = f"{rng.randrange(10 ** (10 - len(area))):0{10 - len(area)}d}"
    return f"+30 {area} {rest[:3]} {rest[3:]}"


def _mobile(rng: random.Random) -> str:
    """A Greek mobile number."""
    return f"+30 69{rng.choice('3456789')} {rng.randrange(1000):03d} {rng.randrange(10000):04d}"


def _freephone(rng: random.Random) -> str:
    """A Greek toll-free (800) number, as helplines have."""
    return f"+30 800 {rng.randrange(100, 1000)} {rng.randrange(10000):04d}"


def _plan(
    *, ref: _Reference, services: int, seed: int, today: date
) -> tuple[_Rows, list[str], dict[str, tuple[int, int]]]:
    """Every row to write; also the area (code) each location's point is drawn in, and (area id, municipality id)."""
    rng = random.Random(seed)
    rows = _Rows()

    uid = _id_maker(seed=seed, services=services)

    munis = ref.municipalities
    muni_cum = _accumulate([m.weight for m in munis])
    neighbourhoods = ref.neighbourhoods
    nb_cum = _accumulate([n[2] for n in neighbourhoods])
    categories = ref.terms["categories"]
    audiences = ref.terms.get("audience", {})
    eligibility = ref.terms.get("eligibility", {})
    committees = [code for code, term in categories.items() if term[3] is None]
    category_codes = list(categories)
    category_cum = _accumulate([CATEGORY_WEIGHTS.get(code, 1.0) for code in category_codes])
    by_committee = {c: [code for code in category_codes if code == c or categories[code][3] == c] for c in committees}
    status_codes = [code for code in eligibility if code != "everyone"]
    status_cum = _accumulate([ELIGIBILITY_WEIGHTS.get(code, 1.0) for code in status_codes])
    audience_codes = list(audiences)

    # Organisations: a kind, a name, a home municipality and one or two committees they work in.
    n_orgs = max(1, round(services / SERVICES_PER_ORGANIZATION))
    kinds = [k for k, _, _ in ORGANIZATION_KINDS]
    kind_share = [share for _, share, _ in ORGANIZATION_KINDS]
    kind_size = {k: size for k, _, size in ORGANIZATION_KINDS}
    orgs: list[tuple[str, str, str, str, _Municipality, list[str], str]] = []
    taken: dict[str, int] = {}
    org_words: list[str] = []
    # Every kind once (when there are enough organisations), then in realistic shares.
    kind_of = rng.sample(kinds, k=len(kinds))[:n_orgs]
    kind_of += rng.choices(kinds, weights=kind_share, k=n_orgs - len(kind_of))
    for o in range(n_orgs):
        kind = kind_of[o]
        emblem_el, emblem_en = rng.choice(EMBLEMS)
        form_el, form_en = rng.choice(ORGANIZATION_FORMS[kind])
        name_el, name_en = form_el.format(el=emblem_el), form_en.format(en=emblem_en)
        taken[name_en] = taken.get(name_en, 0) + 1
        if taken[name_en] > 1:
            name_el, name_en = f"{name_el} {taken[name_en]}", f"{name_en} {taken[name_en]}"
        home = rng.choices(munis, cum_weights=muni_cum)[0]
        focus = rng.sample(committees, k=min(len(committees), rng.choice((1, 1, 2))))
        slug = slugify(name_en)[:60].strip("-") or f"org-{o}"
        email = f"info@{slug}.example.org"
        org_id = uid("organization", o)
        orgs.append((org_id, name_el, name_en, kind, home, focus, email))
        org_words.append(_search_words(names=(f"{DEMO_LABEL_EL} {name_el}", f"{DEMO_LABEL_EN} {name_en}")))
        rows.organizations.append(
            (org_id, f"{DEMO_LABEL_EL} {name_el}", f"{DEMO_LABEL_EL} {name_el}", f"{DEMO_LABEL_EN} {name_en}",
             ORG_DESCRIPTION[0], ORG_DESCRIPTION[0], ORG_DESCRIPTION[1], email, f"https://{slug}.example.org",
             rng.randrange(1975, 2024), kind, rng.random() < 0.4, True)
        )  # fmt: skip

    # Which organisation runs each service: every organisation at least one, bigger kinds more.
    owner = list(range(min(n_orgs, services)))
    owner += rng.choices(range(n_orgs), weights=[kind_size[o[3]] for o in orgs], k=services - len(owner))
    rng.shuffle(owner)
    # Category of each service: every category once (when there are enough services), then by weight, mostly
    # inside the organisation's own committees.
    forced = rng.sample(category_codes, k=len(category_codes))[:services]

    descriptions = {
        code: (
            f"Φανταστική υπηρεσία επίδειξης ({term[1]}). Δεν είναι πραγματική υπηρεσία: μην παραπέμπετε ανθρώπους εδώ.",
            f"Fictional demonstration service ({term[2]}). Not a real service: do not refer people here.",
        )
        for code, term in categories.items()
    }
    interpretation_cache: dict[tuple[str, ...], tuple[str, str]] = {}
    service_words: dict[tuple[str, int], str] = {}
    focus_pools: dict[tuple[str, ...], tuple[list[str], list[float]]] = {}
    office: dict[tuple[int, int], int] = {}  # (organisation, municipality) -> its main location
    cells: list[str] = []
    cell_areas: dict[str, tuple[int, int]] = {}
    expiring_soon, expired = rng.sample(range(services), k=2) if services >= 20 else (-1, -1)
    min_verified = today - timedelta(days=VERIFIED_WITHIN_DAYS)
    used_audiences: set[str] = set()
    used_eligibility: set[str] = set()
    service_ids: list[str] = []

    for s in range(services):
        o = owner[s]
        org_id, org_el, org_en, kind, home, focus, email = orgs[o]
        if s < len(forced):
            category = forced[s]
        elif rng.random() < 0.75:
            if tuple(focus) not in focus_pools:
                pool = [code for committee in focus for code in by_committee[committee]]
                focus_pools[tuple(focus)] = (pool, _accumulate([CATEGORY_WEIGHTS.get(code, 1.0) for code in pool]))
            pool, pool_cum = focus_pools[tuple(focus)]
            category = rng.choices(pool, cum_weights=pool_cum)[0]
        else:
            category = rng.choices(category_codes, cum_weights=category_cum)[0]
        variants = SERVICE_NAMES.get(category) or [(categories[category][1], categories[category][2])]
        variant = rng.randrange(len(variants))
        name_el, name_en = variants[variant]
        service_id = uid("service", s)
        service_ids.append(service_id)

        # Where: municipal services in their own municipality; others half the time at home, else anywhere.
        if kind == OrganizationKind.MUNICIPAL_SERVICE or rng.random() < 0.5:
            muni = home
        else:
            muni = rng.choices(munis, cum_weights=muni_cum)[0]
        redacted = rng.random() < REDACTED_SHARE.get(category, 0.0)
        key = (o, muni.id)
        if not redacted and key in office and rng.random() < 0.35:
            location = office[key]
            location_id = rows.locations[location][0]
        else:
            location = len(rows.locations)
            location_id = uid("location", location)
            if not redacted:
                office.setdefault(key, location)
            if muni is ref.athens and neighbourhoods:
                cell_id, cell, _ = rng.choices(neighbourhoods, cum_weights=nb_cum)[0]
            else:
                cell_id, cell = muni.id, muni.code
            cells.append(cell)
            cell_areas[cell] = (cell_id, muni.id)
            if redacted:
                loc_el, loc_en = "Εμπιστευτική τοποθεσία", "Confidential location"
            else:
                loc_el, loc_en = f"{org_el}, {muni.name_el}", f"{org_en}, {muni.name_en}"
            rows.locations.append((location_id, org_id, loc_el, loc_el, loc_en, redacted, None))
            prefix = rng.choice(muni.postal_prefixes)
            rows.addresses.append(
                (uid("address", location), location_id, f"{rng.choice(STREETS)} {rng.randrange(1, 180)}",
                 muni.name_el, "Attica" if muni.attica else "", f"{prefix:03d} {rng.randrange(100):02d}", "GR")
            )  # fmt: skip
        rows.service_at_locations.append((uid("service_at_location", s), service_id, location_id))

        # Categories: the main one, sometimes a second.
        rows.categories.append((service_id, categories[category][0]))
        if rng.random() < 0.2:
            second = rng.choices(category_codes, cum_weights=category_cum)[0]
            if second != category:
                rows.categories.append((service_id, categories[second][0]))

        # Audiences and eligibility.
        chosen_audiences = []
        preferred = AUDIENCES_BY_CATEGORY.get(category)
        if preferred and rng.random() < 0.8:
            chosen_audiences = rng.sample(preferred, k=rng.randint(1, len(preferred)))
        elif audience_codes and rng.random() < 0.25:
            chosen_audiences = [rng.choice(audience_codes)]
        for code in chosen_audiences:
            if code in audiences:
                rows.audiences.append((service_id, audiences[code][0]))
                used_audiences.add(code)
        chosen_eligibility = []
        if category in ("asylum-procedure", "detention-support"):
            chosen_eligibility = ["asylum-seekers"]
        elif "everyone" in eligibility and rng.random() < 0.55:
            chosen_eligibility = ["everyone"]
        elif status_codes:
            chosen_eligibility = list(
                dict.fromkeys(rng.choices(status_codes, cum_weights=status_cum, k=rng.randint(1, 3)))
            )
        for code in chosen_eligibility:
            if code in eligibility:
                rows.eligibility.append((service_id, eligibility[code][0]))
                used_eligibility.add(code)

        # Languages: Greek and English common, the others in realistic shares; one each to begin with.
        codes = [code for code, share, _, _ in LANGUAGES if rng.random() < share]
        if "temporary-protection" in chosen_eligibility and "uk" not in codes and rng.random() < 0.7:
            codes.append("uk")
        if s < len(LANGUAGES) and LANGUAGES[s][0] not in codes:
            codes.append(LANGUAGES[s][0])
        if not codes:
            codes = ["el"]
        for code in codes:
            rows.languages.append((uid("language", s, LANGUAGE_INDEX[code]), service_id, LANGUAGE_NAMES_EN[code], code))
        others = tuple(code for code in codes if code not in ("el", "en"))
        if others not in interpretation_cache:
            interpretation_cache[others] = (
                ("Διερμηνεία: " + ", ".join(LANGUAGE_NAMES_EL[c] for c in others) + ".") if others else "",
                ("Interpreting: " + ", ".join(LANGUAGE_NAMES_EN[c] for c in others) + ".") if others else "",
            )
        interpretation_el, interpretation_en = interpretation_cache[others]

        # Hours.
        helpline = rng.random() < HELPLINE_SHARE.get(category, 0.0)
        appointment_only = False
        if helpline:
            hours = HELPLINE
        elif category == "emergency-shelter" or (redacted and rng.random() < 0.5):
            hours = ROUND_THE_CLOCK if rng.random() < 0.4 else rng.choice(NIGHT_SHELTER)
        elif category == "addiction-support" and rng.random() < 0.3:
            hours = OUTREACH_NIGHT
        elif category == "food" and rng.random() < 0.4:
            hours = DAILY_MEAL
        elif rng.random() < 0.05:
            hours, appointment_only = [], True
        else:
            if rng.random() < 0.7:
                opens, closes = rng.choice(OFFICE_HOURS)
                hours = [(WEEKDAYS, opens, closes, "in person")]
            else:
                hours = [rng.choice(PART_WEEK)]
            if rng.random() < EVENING_SHARE.get(category, 0.12):
                hours = hours + [rng.choice(EVENINGS)]
            if rng.random() < WEEKEND_SHARE.get(category, 0.08):
                hours = hours + [rng.choice(WEEKENDS)]
        note = "24/7" if hours is HELPLINE or hours is ROUND_THE_CLOCK else ""
        for h, (byday, opens, closes, attending) in enumerate(hours):
            rows.schedules.append((uid("schedule", s, h), service_id, byday, opens, closes, attending, note))

        # Phones.
        if helpline:
            rows.phones.append((uid("phone", s, 0), service_id, _freephone(rng), "voice", "24/7"))
        else:
            rows.phones.append((uid("phone", s, 0), service_id, _phone(rng, area=muni.phone_area), "voice", ""))
        if rng.random() < 0.3:
            rows.phones.append((uid("phone", s, 1), service_id, _mobile(rng), "cell", ""))

        # Money, dates, status.
        free = rng.random() >= PAID_SHARE.get(category, 0.02)
        fees_el, fees_en = FREE if free else rng.choice(FEES)
        apply_el, apply_en = BY_APPOINTMENT if appointment_only else rng.choice(APPLICATION)
        valid_from = valid_to = None
        alert_el = alert_en = ""
        roll = rng.random()
        if s == expired or roll < 0.016:
            valid_to = today - timedelta(days=rng.randrange(1, 120))
            valid_from = valid_to - timedelta(days=rng.randrange(30, 240))
        elif s == expiring_soon or roll < 0.08:
            valid_from = today - timedelta(days=rng.randrange(0, 180))
            valid_to = today + timedelta(days=rng.randrange(1, 60 if s == expiring_soon else 200))
        if valid_to:
            alert_el = f"Προσωρινή υπηρεσία έως {valid_to:%d/%m/%Y}."
            alert_en = f"Temporary service until {valid_to.day} {MONTHS_EN[valid_to.month - 1]} {valid_to.year}."
        status = rng.choices(STATUSES, cum_weights=STATUS_CUM)[0]
        capacity = rng.choices(CAPACITIES, cum_weights=CAPACITY_CUM)[0]
        ages = AGE_LIMITS.get(category) if rng.random() < 0.7 else None
        minimum_age, maximum_age = ages or (None, None)
        assured = min_verified + timedelta(days=rng.randrange(VERIFIED_WITHIN_DAYS + 1))
        label_el, label_en = f"{DEMO_LABEL_EL} {name_el}", f"{DEMO_LABEL_EN} {name_en}"
        description_el, description_en = descriptions[category]
        if (category, variant) not in service_words:
            service_words[category, variant] = _search_words(
                names=(label_el, label_en), descriptions=(description_el, description_en)
            )
        # service_search_text(): the service's words, then its organisation's, each once (folding is word by word).
        search_text = " " + " ".join(dict.fromkeys((service_words[category, variant] + org_words[o]).split()))
        rows.services.append(
            (service_id, org_id, label_el, label_el, label_en, description_el, description_el, description_en,
             email, status, interpretation_el, interpretation_el, interpretation_en, apply_el, apply_el, apply_en,
             fees_el, fees_el, fees_en, minimum_age, maximum_age, assured, "verification@demo.example.org",
             alert_el, alert_el, alert_en, free, valid_from, valid_to, capacity, search_text)
        )  # fmt: skip

    # Every audience and eligibility term appears at least once (given enough services).
    for present, wanted, target, lookup in (
        (used_audiences, list(audiences), rows.audiences, audiences),
        (used_eligibility, list(eligibility), rows.eligibility, eligibility),
    ):
        taken_pairs = set(target)
        for code in wanted:
            if code not in present and services >= len(wanted):
                pair = (service_ids[rng.randrange(services)], lookup[code][0])
                if pair not in taken_pairs:
                    target.append(pair)
                    taken_pairs.add(pair)
    return rows, cells, cell_areas


def _accumulate(weights: list[float]) -> list[float]:
    """Cumulative weights, for `random.choices(cum_weights=...)` without recomputing them on every draw."""
    total, out = 0.0, []
    for weight in weights:
        total += weight
        out.append(total)
    return out


# ----------------------------------------------------------------------------------------------- points
_POINTS_SQL = """
    SELECT w.cell, ST_X(p.geom), ST_Y(p.geom)
    FROM unnest(%s::bigint[], %s::bigint[], %s::int[], %s::int[]) AS w(cell, municipality, n, seed)
    JOIN boundaries_area AS m ON m.id = w.municipality
    JOIN boundaries_area AS c ON c.id = w.cell
    CROSS JOIN LATERAL ST_Dump(ST_GeneratePoints(
        CASE WHEN c.id = m.id THEN m.geom ELSE ST_CollectionExtract(ST_Intersection(c.geom, m.geom), 3) END,
        w.n, w.seed
    )) AS p
    WHERE ST_Covers(m.geom, p.geom)
    ORDER BY w.cell, p.path
"""


def _points(*, cells: list[str], cell_areas: dict[str, tuple[int, int]], seed: int, services: int) -> list[str]:
    """One EWKT point per location, inside its area and covered by its municipality, seeded by seed and area code."""
    wanted: dict[str, int] = defaultdict(int)
    for cell in cells:
        wanted[cell] += 1
    found: dict[str, list[tuple[float, float]]] = defaultdict(list)
    missing = dict(wanted)
    with connection.cursor() as cursor:
        for attempt in range(6):
            if not missing:
                break
            order = sorted(missing)
            by_id = {cell_areas[code][0]: code for code in order}
            # ST_GeneratePoints spreads a count over a multipolygon's parts by area and may return a few fewer.
            counts = [missing[code] + missing[code] // 8 + 4 for code in order]
            seeds = [zlib.crc32(f"{seed}/{services}/{code}/{attempt}".encode()) % 2_000_000_000 + 1 for code in order]
            cursor.execute(
                _POINTS_SQL, [[cell_areas[c][0] for c in order], [cell_areas[c][1] for c in order], counts, seeds]
            )
            for cell_id, x, y in cursor.fetchall():
                found[by_id[cell_id]].append((x, y))
            missing = {code: wanted[code] - len(found[code]) for code in order if len(found[code]) < wanted[code]}
    if missing:
        raise DemoSeedError(f"could not place points inside areas {sorted(missing)}")
    rng = random.Random(seed)
    # Parts of a multipolygon come one after the other: draw from the whole set, not its head.
    picked = {code: rng.sample(found[code], k=n) for code, n in sorted(wanted.items())}
    taken = dict.fromkeys(wanted, 0)
    points = []
    for cell in cells:
        x, y = picked[cell][taken[cell]]
        taken[cell] += 1
        points.append(f"SRID=4326;POINT({x!r} {y!r})")
    return points


# ----------------------------------------------------------------------------------------------- bulk load
def _column_default(f: models.Field, *, now: datetime) -> Any:
    """The value a column left out of the rows gets: the field's default, as Django would save it."""
    if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
        return now
    if f.has_default():
        return f.get_db_prep_save(f.get_default(), connection)
    if f.null:
        return None
    if isinstance(f, models.CharField | models.TextField):
        return ""
    raise DemoSeedError(f"{f.model.__name__}.{f.name} needs a value")


def _other_fields(model: type[models.Model], *, columns: list[str]) -> list[models.Field]:
    """The model's columns that the rows leave out (they get the field's default), auto-increment keys aside."""
    return [
        f
        for f in model._meta.concrete_fields
        if f.column not in columns and not (f.primary_key and isinstance(f, models.AutoField | models.BigAutoField))
    ]


def _copy_new(
    cursor: CursorWrapper, *, model: type[models.Model], columns: list[str], rows: list[tuple], now: datetime
) -> None:
    """COPY rows that do not exist yet straight into the table."""
    # A big load into a smaller table builds the secondary indexes afterwards: 6 s instead of 13 s for the trigram
    # index of 100,000 services. The dropped indexes lock the table until the transaction ends.
    table = model._meta.db_table
    others = _other_fields(model, columns=columns)
    tail = tuple(_column_default(f, now=now) for f in others)
    target = ", ".join(columns + [f.column for f in others])
    rebuild: list[tuple[str, str]] = []
    if len(rows) >= INDEX_REBUILD_ROWS:
        cursor.execute(f"SELECT count(*) FROM (SELECT 1 FROM {table} LIMIT %s) AS t", [len(rows)])  # noqa: S608 - identifier from model meta
        if cursor.fetchone()[0] < len(rows):
            cursor.execute(
                """
                SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
                FROM pg_index AS i
                WHERE i.indrelid = %s::regclass AND NOT i.indisunique
                  AND NOT EXISTS (SELECT 1 FROM pg_constraint AS c WHERE c.conindid = i.indexrelid)
                ORDER BY 1
                """,
                [table],
            )
            rebuild = cursor.fetchall()
    for name, _ in rebuild:
        cursor.execute(f"DROP INDEX {name}")
    with cursor.copy(f"COPY {table} ({target}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row + tail)
    for _, definition in rebuild:
        cursor.execute(definition)


def _upsert(
    cursor: CursorWrapper,
    *,
    model: type[models.Model],
    columns: list[str],
    rows: list[tuple],
    now: datetime,
    parent: tuple[str, str] | None = None,
) -> None:
    """COPY rows into a staging table, then insert or update them by key, replacing the children of `parent`."""
    # `parent` is (fk column, the parent's staging table): that parent's rows which this load no longer has go.
    table = model._meta.db_table
    stage = f"demo_stage_{table}"
    cols = ", ".join(columns)
    cursor.execute(f"DROP TABLE IF EXISTS {stage}")
    cursor.execute(f"CREATE TEMP TABLE {stage} ON COMMIT DROP AS SELECT {cols} FROM {table} WITH NO DATA")  # noqa: S608 - identifiers from model meta
    with cursor.copy(f"COPY {stage} ({cols}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
    others = _other_fields(model, columns=columns)
    target = columns + [f.column for f in others]
    select = columns + [f"%s::{f.db_type(connection)}" for f in others]
    if "id" in columns:
        keys = ["id"]
        updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in target if c not in ("id", "created_at"))
        action = f"ON CONFLICT (id) DO UPDATE SET {updates}"
    else:  # a many-to-many table: the pair is the key
        keys = columns
        action = "ON CONFLICT DO NOTHING"
    cursor.execute(
        f"INSERT INTO {table} ({', '.join(target)}) SELECT {', '.join(select)} FROM {stage} {action}",  # noqa: S608 - identifiers from model meta
        [_column_default(f, now=now) for f in others],
    )
    if parent:
        fk, parent_stage = parent
        same = " AND ".join(f"s.{k} = t.{k}" for k in keys)
        cursor.execute(
            f"DELETE FROM {table} AS t WHERE t.{fk} IN (SELECT id FROM {parent_stage}) "  # noqa: S608 - identifiers from model meta
            f"AND NOT EXISTS (SELECT 1 FROM {stage} AS s WHERE {same})"
        )


def _write(*, rows: _Rows, now: datetime, timings: dict[str, float]) -> tuple[int, bool]:
    """Load every table; returns the number of rows written and whether they were all new (else: upserted)."""
    through = {name: getattr(Service, name).through for name in ("categories", "audiences", "eligibility")}
    services_stage = f"demo_stage_{Service._meta.db_table}"
    locations_stage = f"demo_stage_{Location._meta.db_table}"
    plan: list[tuple[str, type[models.Model], tuple[str, str] | None]] = [
        ("organizations", Organization, None),
        ("services", Service, None),
        ("locations", Location, None),
        ("addresses", Address, ("location_id", locations_stage)),
        ("service_at_locations", ServiceAtLocation, ("service_id", services_stage)),
        ("languages", Language, ("service_id", services_stage)),
        ("schedules", Schedule, ("service_id", services_stage)),
        ("phones", Phone, ("service_id", services_stage)),
        ("categories", through["categories"], ("service_id", services_stage)),
        ("audiences", through["audiences"], ("service_id", services_stage)),
        ("eligibility", through["eligibility"], ("service_id", services_stage)),
    ]
    written = 0
    with connection.cursor() as cursor:
        # Every other record hangs off these three (and is deleted with them): when none exists, nothing does.
        cursor.execute(
            "SELECT EXISTS (SELECT 1 FROM services_organization WHERE id = ANY(%s::uuid[]))"
            " OR EXISTS (SELECT 1 FROM services_service WHERE id = ANY(%s::uuid[]))"
            " OR EXISTS (SELECT 1 FROM services_location WHERE id = ANY(%s::uuid[]))",
            [[r[0] for r in rows.organizations], [r[0] for r in rows.services], [r[0] for r in rows.locations]],
        )
        new = not cursor.fetchone()[0]
        # Foreign keys checked statement by statement (parents load first): no pending trigger events, which would
        # forbid building indexes, and each table reports its own bad rows. Django's deferred default comes back after.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for name, model, parent in plan:
            started = time.perf_counter()
            data = getattr(rows, name)
            if new:
                _copy_new(cursor, model=model, columns=_COLUMNS[name], rows=data, now=now)
            else:
                _upsert(cursor, model=model, columns=_COLUMNS[name], rows=data, now=now, parent=parent)
            written += len(data)
            timings[model._meta.db_table] = round(time.perf_counter() - started, 3)
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for model in (Organization, Service, Location, Address, ServiceAtLocation, Language, Schedule, Phone):
            cursor.execute(f"ANALYZE {model._meta.db_table}")
        for model in through.values():
            cursor.execute(f"ANALYZE {model._meta.db_table}")
    return written, new


def demo_seed(*, services: int = 300, seed: int = 1) -> DemoReport:
    """Create (or update in place, for the same seed and size) labelled fictional organisations and services."""
    if services < 1:
        raise DemoSeedError("the number of services must be at least 1")
    report = DemoReport()
    clock_start = time.perf_counter()

    def lap(step: str) -> None:
        nonlocal clock_start
        now = time.perf_counter()
        report.seconds[step] = round(now - clock_start, 3)
        clock_start = now

    ref = _reference_load()
    today = timezone.localdate()
    rows, cells, cell_areas = _plan(ref=ref, services=services, seed=seed, today=today)
    lap("plan")
    with search_index_deferred():
        points = _points(cells=cells, cell_areas=cell_areas, seed=seed, services=services)
        rows.locations = [(*row[:-1], point) for row, point in zip(rows.locations, points, strict=True)]
        lap("points")
        report.rows, report.new = _write(rows=rows, now=timezone.now(), timings=report.table_seconds)
        lap("write")
        location_areas_refresh()
        lap("location_areas_refresh")
        directory_changed()  # COPY sends no model signals: tell caches and map cells ourselves
        lap("directory")
    lap("search index")
    report.organizations = len(rows.organizations)
    report.services = len(rows.services)
    report.locations = len(rows.locations)
    report.municipalities = len({municipality for _, municipality in cell_areas.values()})
    return report
