"""The one pager of paged lists (templates/_pager.html): where we are, and previous/next links that keep the query."""

from typing import Any

from django import template
from django.core.paginator import Page

register = template.Library()


@register.inclusion_tag("_pager.html", takes_context=True)
def pager(context: template.Context, page: Page, label: str, param: str = "page") -> dict[str, Any]:
    """Previous/next links for ``page`` that keep the request's other query parameters; ``param`` names the page
    number's parameter, so that one page can hold several paged lists."""
    request = context["request"]

    def url(number: int) -> str:
        query = request.GET.copy()
        query.pop(param, None)
        query[param] = str(number)
        return "?" + query.urlencode()

    return {
        "page": page,
        "label": label,
        "previous_url": url(page.previous_page_number()) if page.has_previous() else "",
        "next_url": url(page.next_page_number()) if page.has_next() else "",
    }
