"""The demo data's fixed vocabularies and shares: names, streets, hours, postal and telephone codes, draw weights.

Plain data, no database: `plan` draws from these with a seeded `random.Random`, so changing any list or its order
changes the demo data generated for a given seed.
"""

from datetime import time as clock

from boundaries.actions import ATHENS_CODE
from services.models import OrganizationKind

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
