"""Writes for taxonomies."""

import uuid
from typing import Any

from django.db import transaction

from services.models import Taxonomy, TaxonomyTerm

ID_NAMESPACE = uuid.UUID("6f1c0a52-9d0e-4c55-9a7e-2d2c4b1f0a11")  # geo_accmr's namespace for derived ids


def stable_id(*parts: str) -> uuid.UUID:
    """A UUID derived from codes, identical on every installation."""
    return uuid.uuid5(ID_NAMESPACE, "/".join(parts))


def _term_save(*, taxonomy: Taxonomy, term: dict[str, Any], position: int, parent: TaxonomyTerm | None) -> TaxonomyTerm:
    obj, _ = TaxonomyTerm.objects.update_or_create(
        id=stable_id("term", taxonomy.code, term["code"]),
        defaults={
            "taxonomy": taxonomy,
            "code": term["code"],
            "name": term["name_el"],
            "name_el": term["name_el"],
            "name_en": term["name_en"],
            "description_el": term.get("description_el", ""),
            "description_en": term.get("description_en", ""),
            "parent": parent,
            "position": position,
            "icon": term.get("icon", ""),
        },
    )
    return obj


@transaction.atomic
def taxonomy_upsert(*, data: dict[str, Any]) -> int:
    """Create or update taxonomies and their terms (two levels) from the curated fixture; returns the term count."""
    count = 0
    for tax in data["taxonomies"]:
        taxonomy, _ = Taxonomy.objects.update_or_create(
            id=stable_id("taxonomy", tax["code"]),
            defaults={
                "code": tax["code"],
                "name": tax["name_el"],
                "name_el": tax["name_el"],
                "name_en": tax["name_en"],
                "description_el": tax.get("description_el", ""),
                "description_en": tax.get("description_en", ""),
                "version": str(data.get("version", "1")),
            },
        )
        for position, term in enumerate(tax["terms"]):
            parent = _term_save(taxonomy=taxonomy, term=term, position=position, parent=None)
            count += 1
            for child_position, child in enumerate(term.get("children", [])):
                _term_save(taxonomy=taxonomy, term=child, position=child_position, parent=parent)
                count += 1
    return count
