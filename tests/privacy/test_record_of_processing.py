"""The record of processing (docs/privacy.md) names every personal field: a model that gains an email, an IP
address, a pointer to a person or a person-ish free-text field fails here until it is listed."""

import re
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import models

RECORD = Path(settings.BASE_DIR) / "docs" / "privacy.md"
PERSONISH = re.compile(
    r"email|ip_address|user_agent|username|first_name|last_name|updated_by|contact|note|comment|^text$|_data$"
)


def personal_fields() -> set[str]:
    """Every model field (all apps, Django's and third parties' included) that can hold data about a person."""
    found = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if not field.concrete:
                continue
            is_person = isinstance(field, models.EmailField | models.GenericIPAddressField)
            is_person |= field.is_relation and field.related_model is apps.get_model(settings.AUTH_USER_MODEL)
            text = isinstance(field, models.CharField | models.TextField)
            is_person |= text and bool(PERSONISH.search(field.name))
            is_person |= text and model.__name__ == "Contact" and field.name in {"name", "title"}  # a contact person
            if is_person:
                found.add(f"{model._meta.label}.{field.name}")
    return found


def test_every_personal_field_has_an_entry_in_the_record_of_processing() -> None:
    listed = set(re.findall(r"`([A-Za-z_]+\.[A-Za-z]+\.[a-z_0-9]+)`", RECORD.read_text()))
    missing = sorted(personal_fields() - listed)
    assert not missing, f"add these to docs/privacy.md: {missing}"
