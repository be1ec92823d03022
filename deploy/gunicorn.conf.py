"""gunicorn for Sexto (docs/deploy.md): sync workers behind nginx on a local socket."""

import multiprocessing

bind = "unix:/run/sexto/gunicorn.sock"
pythonpath = "src"  # the package lives in src/ (relative to WorkingDirectory, the checkout)
workers = multiprocessing.cpu_count() * 2 + 1
worker_class = "sync"
timeout = 30
graceful_timeout = 30
max_requests = 2000  # recycle workers now and then; jitter avoids all restarting at once
max_requests_jitter = 200
forwarded_allow_ips = "127.0.0.1"
accesslog = "-"
# No query strings in the access log: URLs carry no personal data, but keep logs lean anyway.
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms rid=%({x-request-id}o)s'
