"""Production: only tightens base (secrets from the environment, HTTPS everywhere, real mail).

Refuses to start without SECRET_KEY and EMAIL_URL, checked before base is read: no key is ever shared or made up on
the server, and invitation and password-reset links never land in a log (base's default is the console).
"""

import environ
from django.core.exceptions import ImproperlyConfigured

REQUIRED = {
    "SECRET_KEY": "a long random string, e.g. from: python -c 'import secrets; print(secrets.token_urlsafe(50))'",
    "EMAIL_URL": "how invitations and password resets are sent, e.g. smtp+tls://user:password@host:587",
}
_missing = [name for name in REQUIRED if not environ.Env()(name, default="")]
if _missing:
    raise ImproperlyConfigured(
        "geo_accmr.settings.production needs these environment variables: "
        + "; ".join(f"{name} ({REQUIRED[name]})" for name in _missing)
    )

from .base import *  # noqa: E402, F403
from .base import env  # noqa: E402

DEBUG = False
SECRET_KEY = env("SECRET_KEY")
vars().update(env.email_url("EMAIL_URL"))
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
