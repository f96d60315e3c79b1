"""Background work: in-process after commit by default; Celery workers on Redis (or RabbitMQ) at scale.

`OPENECF_TASK_BACKEND=celery` sends the tasks to `CELERY_BROKER_URL`; run `celery -A openecf.taskqueue worker`
and one `celery -A openecf.taskqueue beat` (the sweep and the Daily Summaries). The same task code runs in both.
"""

from openecf.settings.env import env_int, env_str

TASK_BACKEND = env_str("OPENECF_TASK_BACKEND", "inprocess")
if TASK_BACKEND not in {"inprocess", "celery"}:
    raise ValueError(f"OPENECF_TASK_BACKEND must be 'inprocess' or 'celery', not {TASK_BACKEND!r}.")

# Read by openecf/taskqueue.py through the CELERY namespace. amqp://guest@127.0.0.1:5672// works as well.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "redis://127.0.0.1:6379/0")
CELERY_TASK_DEFAULT_QUEUE = env_str("OPENECF_CELERY_QUEUE", "openecf")
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # Redis: a message a killed worker held comes back after this long; the notices' own sweep (run at every
    # worker's start) does not wait for it, so it can stay long enough for the slowest task.
    "visibility_timeout": env_int("OPENECF_CELERY_VISIBILITY_TIMEOUT", 3600),
    # Redis: every key of this deployment (or test run) under its own prefix, so several share one server.
    "global_keyprefix": env_str("OPENECF_CELERY_KEY_PREFIX", ""),
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A task is acknowledged when it is done, not when it is taken: a killed worker's task is delivered again.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# Tasks write their outcome to the database; nobody waits on a result.
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULE = {
    "notices-sweep": {"task": "openecf.notices.tasks.notices_sweep", "schedule": 60.0},
    # Each court's Daily Summary goes out in the first run after that court's midnight.
    "notices-daily": {"task": "openecf.notices.tasks.notices_daily", "schedule": 600.0},
}

# Deliveries sent by one task over one SMTP connection (a 1,000-recipient notice is 20 tasks for the workers
# to share).
OPENECF_NOTICE_BATCH_SIZE = env_int("OPENECF_NOTICE_BATCH_SIZE", 50)
# The sweep plans notices that were never planned only this far back: an older one is for a person to look at
# (and a database from before notices were delivered does not mail its history).
OPENECF_NOTICE_SWEEP_HORIZON_HOURS = env_int("OPENECF_NOTICE_SWEEP_HORIZON_HOURS", 72)
