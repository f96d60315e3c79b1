"""Background work: in-process after commit by default."""

from openecf.settings.env import env_str

TASK_BACKEND = env_str("OPENECF_TASK_BACKEND", "inprocess")
