"""gunicorn settings, read from the environment: `gunicorn mentoring.wsgi` picks this file up."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", f"0.0.0.0:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
worker_class = "gthread"
# No request renders a PDF any more (the task workers do: worksheets/tasks.py); this only
# bounds a request that hangs.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "90"))
graceful_timeout = 30
keepalive = 5
max_requests = 2000
max_requests_jitter = 200
# No access log here: its lines carry the path, and paths hold secret tokens (invitation and
# mentor links). Django logs each request with the route's name instead (mentoring/access_log.py).
accesslog = None
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
