"""gunicorn's settings for Counterpart (`gunicorn -c python:counterpart.gunicorn_config counterpart.wsgi`).

Why gunicorn: the application is synchronous Django (no async views), and gunicorn is the pre-fork WSGI server
Django's own deployment guide names, kept up for fifteen years, that restarts a worker that dies or hangs.
Threaded workers (`gthread`) let one worker wait on a slow client or the database while its other threads
answer; behind a reverse proxy (docs/operations.md) slow clients are buffered anyway.

Every value can be changed from the environment: WEB_BIND, WEB_WORKERS, WEB_THREADS, WEB_TIMEOUT.
"""

from __future__ import annotations

import os

bind = os.environ.get("WEB_BIND", "127.0.0.1:8000")
# (2 × cores) + 1 processes is gunicorn's rule for a CPU-light, database-bound application.
workers = int(os.environ.get("WEB_WORKERS", str(2 * (os.cpu_count() or 1) + 1)))
worker_class = "gthread"
threads = int(os.environ.get("WEB_THREADS", "4"))
# A request that takes longer is killed and its worker restarted (a long export runs as a background job).
timeout = int(os.environ.get("WEB_TIMEOUT", "60"))
graceful_timeout = 30
# Workers are replaced after this many requests (with jitter), so a slow leak cannot grow without bound.
max_requests = 2000
max_requests_jitter = 200
accesslog = "-"
errorlog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
