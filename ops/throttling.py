"""Rate limits for the public APIs: per client address, configurable, answered with 429 and Retry-After."""

import logging

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from accounts.backends import axes_client_ip

logger = logging.getLogger(__name__)


class ApiRateThrottle(SimpleRateThrottle):
    """`API_RATE_LIMIT` requests per client address (e.g. "600/min"; "off" disables), counted in the default cache.

    The rate is read at each request, so a change of settings needs no restart. Behind a proxy, set
    `API_NUM_PROXIES` so the client address comes from X-Forwarded-For rather than the proxy's own. The address is
    the one the sign-in lockout counts (accounts.backends.axes_client_ip): without API_NUM_PROXIES, X-Forwarded-For
    is ignored (DRF's own get_ident would count each forged header value as a new client).
    """

    scope = "api"

    def get_rate(self) -> str | None:
        rate = str(settings.API_RATE_LIMIT or "").strip()
        return None if rate.lower() in {"", "off", "none", "0"} else rate

    def get_ident(self, request) -> str:  # noqa: ANN001
        return axes_client_ip(request) or ""

    def get_cache_key(self, request, view) -> str:  # noqa: ANN001
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

    def allow_request(self, request, view) -> bool:  # noqa: ANN001
        try:
            return super().allow_request(request, view)
        except Exception:  # noqa: BLE001 - a cache outage must not take the search down with it: fail open
            logger.warning("rate limit not applied: the cache is unavailable", exc_info=True)
            return True
