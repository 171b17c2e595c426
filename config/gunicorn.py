"""gunicorn settings for Utblick (make serve, make load; README "Serving").

Two processes per core, two threads each (`gthread`). A request is mostly Python — PostgreSQL answers
the register's queries in a few milliseconds — and one process runs Python on one core at a time, so
with a single process per core the requests of its connections queue behind each other while the other
core may idle. Measured with make load (50 users, 2 cores, bench data): one process per core with four
threads gave p95 492 ms; two per core with two threads, p95 278 ms at the same throughput. Every thread
keeps its own database connection (CONN_MAX_AGE), so workers × threads is also the number of connections
to plan for in PostgreSQL. Nothing long runs in a request — large reports are written by the task
worker — so the timeout stays short and a stuck request is ended rather than queued behind.

Each setting can be changed in the environment: WEB_CONCURRENCY (processes), GUNICORN_THREADS,
GUNICORN_TIMEOUT, GUNICORN_BIND.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * (os.cpu_count() or 1)))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 75  # longer than a proxy's idle timeout (often 60 s), so gunicorn never closes a connection a request is on its way in
max_requests = 5000  # a worker is replaced now and then, so a slow leak never grows
max_requests_jitter = 500
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
