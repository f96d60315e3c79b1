"""The Celery app of the workers and beat: `celery -A openecf.taskqueue worker` (and `... beat`).

Its configuration is the Django settings' CELERY_* values (openecf/settings/queue.py). The tasks live in
each app's `tasks.py`, found by autodiscovery; they are sent to the broker only when
`OPENECF_TASK_BACKEND=celery`, else they run in-process after commit (`openecf.notices.queue.enqueue`).
"""

from __future__ import annotations

import os

from celery import Celery  # type: ignore[import-untyped]

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openecf.settings")

app = Celery("openecf")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
