"""HSDS tables and our models: the one home of which model holds each HSDS table (where a service's taxonomy terms
are held is services.models.TERM_FIELDS). Used by the export (hsds.export, hsds.json_export, hsds.serializers) and
the importer (hsds.importer.rules)."""

from django.db import models

from services.models import (
    Accessibility,
    Address,
    Contact,
    CostOption,
    Language,
    Location,
    Organization,
    OrganizationIdentifier,
    Phone,
    RequiredDocument,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)

# HSDS table name -> the model holding its rows, parents first (the importer saves in this order). HSDS tables
# missing here (program, funding, metadata, …) have no model: the export writes their header only.
TABLE_MODELS: dict[str, type[models.Model]] = {
    "organization": Organization,
    "organization_identifier": OrganizationIdentifier,
    "location": Location,
    "service": Service,
    "service_at_location": ServiceAtLocation,
    "contact": Contact,
    "phone": Phone,
    "language": Language,
    "schedule": Schedule,
    "address": Address,
    "accessibility": Accessibility,
    "service_area": ServiceArea,
    "required_document": RequiredDocument,
    "cost_option": CostOption,
    "taxonomy": Taxonomy,
    "taxonomy_term": TaxonomyTerm,
}
# Vocabularies, read by the importer as references and never written by it.
TAXONOMY_TABLES = ("taxonomy", "taxonomy_term")
