"""gunicorn settings read from the project folder (make run, the Docker image, the benchmarks).

A sync worker is killed when one request keeps it busy longer than `timeout`: a streamed export of a million rows
(/export/services.csv) runs for minutes, so the default 30 s would cut it off. GUNICORN_TIMEOUT overrides.
"""

import os

timeout = int(os.environ.get("GUNICORN_TIMEOUT", "600"))
