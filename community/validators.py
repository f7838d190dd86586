"""Input rules shared by the forms and the models of the community app."""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def validate_web_url(value: str) -> None:
    """Links are web pages: http or https only (never javascript:, data:, file:, mailto:)."""
    if value and urlsplit(value).scheme.lower() not in ("http", "https"):
        raise ValidationError(_("Enter a web address that starts with http:// or https://."), code="scheme")
