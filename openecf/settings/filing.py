"""Electronic filing: the courts' stamp keys, how long drafts and idempotency keys are kept, and the limits of
the PDF checks."""

from __future__ import annotations

from openecf.settings.env import env_int, env_str

# Electronic document stamp keys (openecf/filing/stamps.py), per court: "<court>:<key id>=<secret>" entries
# separated by "," or ";" (blanks and line breaks around them ignored), e.g.
# "cit:1045387805=<secret>,cit:2=<secret>;cafc:1=<secret>". The key id (1-20 letters or digits) is printed as
# the stamp's Stamp_ID; a secret is at least 32 characters without blanks, "," or ";" (it may contain "=").
# The last key listed for a court signs new stamps; the earlier ones still verify old stamps (rotation: add
# the new key at the end, keep the old ones). Once set, a court not listed has no key (its filings fail).
# Empty: the embedded default derives a key per court from SECRET_KEY, key id "1" (fine for a demo, not for
# a court: changing SECRET_KEY then makes every stamp unverifiable).
OPENECF_STAMP_KEYS = env_str("OPENECF_STAMP_KEYS", "")
# An Idempotency-Key of the filing API is remembered this long.
OPENECF_IDEMPOTENCY_HOURS = env_int("OPENECF_IDEMPOTENCY_HOURS", 24)
# A stored file no record refers to is removed by `openecf storage-sweep` only after this grace period.
OPENECF_STORAGE_SWEEP_GRACE_HOURS = env_int("OPENECF_STORAGE_SWEEP_GRACE_HOURS", 48)
# Wizard drafts (and their uploaded PDFs) not touched for this long are discarded by the sweep.
OPENECF_FILING_DRAFT_DAYS = env_int("OPENECF_FILING_DRAFT_DAYS", 7)
# Every check of a filer's PDF (and its stamping) runs in a child process with these limits: CPU seconds,
# and megabytes of memory on top of the PDF libraries themselves. A file that needs more is refused as too
# complex to check (openecf/documents/pdf_sandbox.py).
OPENECF_PDF_CHECK_SECONDS = env_int("OPENECF_PDF_CHECK_SECONDS", 10)
OPENECF_PDF_CHECK_MEMORY_MB = env_int("OPENECF_PDF_CHECK_MEMORY_MB", 512)
# Files in one multipart request: a filing's main document and up to 100 attachments (Django's default is 100;
# filing.services.MAX_ATTACHMENTS). Form fields keep Django's 2.5 MB DATA_UPLOAD_MAX_MEMORY_SIZE; uploaded
# files do not count towards it (each PDF is held to its court's limit, 50 MB at the CIT).
DATA_UPLOAD_MAX_NUMBER_FILES = 101
