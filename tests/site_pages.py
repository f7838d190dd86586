"""Every page of the site a person can open, with the objects its URL needs; shared by the page-wide tests
(language switch, widths, accessibility)."""

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import LocalePrefixPattern
from django.utils import translation

from accounts.actions import invitation_create, invitation_token
from accounts.models import Profile, Role, SavedSearch
from bulkupload.actions import upload_create
from editing.actions import service_submit
from editing.state import service_state
from emergencies.demo import emergency_demo
from tests.factories import OrganizationFactory

PASSWORD = "a-Long-enough-pass-9"

# Named URLs under the language prefix that are not pages: POST-only actions, downloads, JSON, the admin's own.
NOT_PAGES = {
    "javascript-catalog",
    "accounts:logout",
    "accounts:invitation_resend",
    "accounts:invitation_revoke",
    "accounts:saved_delete",
    "editing:service_revert",
    "editing:organization_revert",
    "editing:geocode",
    "bulkupload:template-csv",
    "bulkupload:template-xlsx",
    "bulkupload:apply",
    "bulkupload:errors-csv",
    "freshness:confirm",
    "freshness:confirm_organization",
    "feedback:resolve",
    "coverage:csv",
    "committees:report_csv",
    "committees:note_save",
    "committees:attach",
    "committees:detach",
    "privacy:my_data",
    "privacy:person_erase",
    "activities_ics",
    "activities:delete",
    "activities:review",
    "calls:close",
    "toolkit:delete",
    "toolkit:file",
    "emergencies:geojson",
    "emergencies:end",
    "emergencies:offer_end",
    "emergencies:offer_review",
}
# /ogc/ answered as HTML pages (outside the language prefixes; opendata/ogc_html.py): walked by
# tests/browser/test_ogc_html.py in both languages (`lang=`), for axe and the phone's width.
OGC_HTML_PAGES = [
    "/ogc/?f=html",
    "/ogc/conformance?f=html",
    "/ogc/collections?f=html",
    "/ogc/collections/services?f=html",
    "/ogc/collections/services/items?f=html&limit=5",
    "/ogc/collections/areas/items?f=html&limit=5",
]
# Pages only a signed-out person sees (signed in, they redirect).
ANONYMOUS = {"accounts:login", "accounts:invitation_accept"}


@dataclass(frozen=True)
class SitePage:
    """One page: its URL name, its arguments and whether it is opened signed out."""

    name: str
    kwargs: tuple[tuple[str, Any], ...]
    anonymous: bool

    def path(self, language: str = "el") -> str:
        with translation.override(language):
            return reverse(self.name, kwargs=dict(self.kwargs))


def page_url_names() -> set[str]:
    """Every named URL under the language prefix, the admin's excepted."""
    names: set[str] = set()

    def walk(patterns: list[Any], namespaces: list[str], localised: bool) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = namespaces + ([pattern.namespace] if pattern.namespace else [])
                walk(pattern.url_patterns, inner, localised or isinstance(pattern.pattern, LocalePrefixPattern))
            elif isinstance(pattern, URLPattern) and pattern.name and localised:
                names.add(":".join(namespaces + [pattern.name]))

    walk(get_resolver().url_patterns, [], False)
    return {name for name in names if not name.startswith("admin:")}


def community_records(organization: Any) -> dict[str, Any]:
    """One activity (published, with a place on the map), open call and toolkit entry of `organization`."""
    from tests.community.conftest import make_activity, make_call, make_entry

    return {"activity": make_activity(organization), "call": make_call(organization), "entry": make_entry(organization)}


def site_pages_data() -> tuple[Any, list[SitePage]]:
    """Create one of everything a page needs; return the coordinator (password PASSWORD) and every page."""
    from tests.editing.conftest import form_data, published_service

    user_model = get_user_model()
    coordinator = user_model.objects.create_user(
        username="coord", email="coord@example.org", password=PASSWORD, first_name="Αναστασία", last_name="Κ."
    )
    Profile.objects.create(user=coordinator, role=Role.COORDINATOR)
    organization = OrganizationFactory(name="Οργάνωση Α", name_el="Οργάνωση Α", name_en="Organisation A")
    editor = user_model.objects.create_user(username="editor", email="editor@example.org", password=PASSWORD)
    Profile.objects.create(user=editor, role=Role.EDITOR).organizations.set([organization])
    service = published_service(organization)
    change = service_submit(
        user=editor,
        service=service,
        state={**service_state(service), "description_el": "Νέα περιγραφή με αλλαγμένες λέξεις"},
    )
    assert form_data  # the editing tests' POST helper stays importable from here
    SavedSearch.objects.create(user=coordinator, name="Κυψέλη", query="place=Kypseli")
    upload = upload_create(user=coordinator, name="services.csv", content=b"organization,name_el\r\n")
    invitation = invitation_create(
        email="new@example.org", role=Role.CASEWORKER, organizations=[], invited_by=coordinator, base_url="http://x"
    )
    community = community_records(organization)
    emergency = emergency_demo(organization=organization, user=coordinator)
    kwargs: dict[str, dict[str, Any]] = {
        "activities:detail": {"activity_id": community["activity"].pk},
        "activities:edit": {"activity_id": community["activity"].pk},
        "calls:edit": {"call_id": community["call"].pk},
        "toolkit:edit": {"entry_id": community["entry"].pk},
        "accounts:person_edit": {"user_id": editor.pk},
        "accounts:invitation_accept": {"token": invitation_token(invitation=invitation)},
        "accounts:password_reset_confirm": {"uidb64": "MQ", "token": "set-password"},
        "organisations:detail": {"organization_id": organization.pk},
        "editing:service_edit": {"service_id": service.pk},
        "editing:service_history": {"service_id": service.pk},
        "editing:organization_edit": {"organization_id": organization.pk},
        "editing:organization_history": {"organization_id": organization.pk},
        "editing:review_detail": {"change_id": change.pk},
        "editing:change_detail": {"change_id": change.pk},
        "bulkupload:detail": {"upload_id": upload.pk},
        "feedback:report": {"service_id": service.pk},
        "services:detail": {"service_id": service.pk},
        "services:referral": {"service_id": service.pk},
        "committees:detail": {"code": "rights-legal"},
        "committees:report": {"code": "rights-legal"},
        "emergencies:detail": {"emergency_id": emergency.pk},
        "emergencies:edit": {"emergency_id": emergency.pk},
        "emergencies:offer_create": {"emergency_id": emergency.pk},
    }
    pages = [
        SitePage(name=name, kwargs=tuple(kwargs.get(name, {}).items()), anonymous=name in ANONYMOUS)
        for name in sorted(page_url_names() - NOT_PAGES)
    ]
    return coordinator, pages
