"""Deploy checks (`manage.py check --deploy`) for settings Django's own checks do not know about."""

from typing import Any

from django.conf import settings
from django.core.checks import Tags, Warning, register

W001 = Warning(
    "API_NUM_PROXIES is not set: every client address is the connection's own (X-Forwarded-For is ignored).",
    hint="Behind nginx or one load balancer set API_NUM_PROXIES=1 (two proxies in a row: 2), or everyone shares the "
    "proxy's address in the sign-in lockout and the rate limits. With no proxy in front, set API_NUM_PROXIES=0.",
    id="ops.W001",
)


@register(Tags.security, deploy=True)
def check_num_proxies(app_configs: Any, **kwargs: Any) -> list[Warning]:
    """Say when nobody said how many proxies stand in front: the wrong answer either way is silent otherwise."""
    if settings.REST_FRAMEWORK.get("NUM_PROXIES") is None:
        return [W001]
    return []
