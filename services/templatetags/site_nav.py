"""The site header's navigation: which header item a page belongs to."""

from django import template
from django.urls import ResolverMatch

register = template.Library()

# The coordination centre's pages share one header item ("Coordination") and their own navigation underneath
# (templates/_coordination_nav.html): committees, emergencies, activities, open calls and the toolkit.
COORDINATION_NAMESPACES = frozenset({"committees", "emergencies", "activities", "calls", "toolkit"})


@register.filter
def is_coordination_page(match: ResolverMatch | None) -> bool:
    return match is not None and match.namespace in COORDINATION_NAMESPACES
