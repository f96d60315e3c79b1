"""Electronic filing: the courts' stamp keys, and how long drafts and idempotency keys are kept."""

from __future__ import annotations

from openecf.settings.env import env_int, env_str

# Electronic document stamp keys, per court: "cit:1045387805=<secret>,cit:2=<secret>;cafc:1=<secret>".
# The last key listed for a court signs new stamps; the earlier ones still verify old stamps (rotation).
# Empty: the embedded default derives a key per court from SECRET_KEY (fine for a demo, not for a court).
OPENECF_STAMP_KEYS = env_str("OPENECF_STAMP_KEYS", "")
# An Idempotency-Key of the filing API is remembered this long.
OPENECF_IDEMPOTENCY_HOURS = env_int("OPENECF_IDEMPOTENCY_HOURS", 24)
# A stored file no record refers to is removed by `openecf storage-sweep` only after this grace period.
OPENECF_STORAGE_SWEEP_GRACE_HOURS = env_int("OPENECF_STORAGE_SWEEP_GRACE_HOURS", 48)
# Wizard drafts (and their uploaded PDFs) not touched for this long are discarded by the sweep.
OPENECF_FILING_DRAFT_DAYS = env_int("OPENECF_FILING_DRAFT_DAYS", 7)
