"""gunicorn settings for `make run`, Docker and production (`gunicorn -c gunicorn.conf.py geo_accmr.wsgi`).

Privacy: the access log names the path, never the query string (`%(U)s`, not `%(r)s`), so the places, points and
words caseworkers search for never reach a log.
"""

import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
accesslog = "-"
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms'
