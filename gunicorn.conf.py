"""gunicorn settings for `make run`, Docker, production and the benchmarks (gunicorn also reads this file by itself
when started in the project folder; command-line options win).

Privacy: the access log names the path, never the query string (`%(U)s`, not `%(r)s`), so the places, points and
words caseworkers search for never reach a log.

A sync worker is killed when one request keeps it busy longer than `timeout`: a streamed export of a million rows
(/export/services.csv) runs for minutes, so the default 30 s would cut it off. GUNICORN_TIMEOUT overrides.
"""

import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "600"))
accesslog = "-"
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms'
