"""`{% privacy_retention as keep %}`: the retention periods in force, for the forms that warn about them."""

from django import template

from privacy.policy import Retention, retention

register = template.Library()


@register.simple_tag
def privacy_retention() -> Retention:
    return retention()
