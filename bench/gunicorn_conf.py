"""Gunicorn settings for `bench/harness.py`'s servers (passed with `--config`).

Two things the command line cannot say: print Django's error tracebacks (under
production settings Django only mails them to ADMINS, so a 500 would leave no
trace), and say when each worker has loaded the site, so that a run starts only
once every worker can answer.
"""

accesslog = None

logconfig_dict = {
    # `django.request` logs a 500 with its traceback and propagates it to the root.
    "root": {"level": "WARNING", "handlers": ["error_console"]},
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["error_console"], "propagate": False},
        "gunicorn.access": {"level": "INFO", "handlers": [], "propagate": False},
    },
}


def post_worker_init(worker):
    worker.log.info("Worker ready (pid: %s)", worker.pid)
