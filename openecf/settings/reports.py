"""The Docket Report: the wording of a sealed line, and the cache of rendered entry rows."""

from openecf.settings.env import env_int, env_str


def _by_court(text: str) -> dict[str, str]:
    """'cafc=SEALED ENTRY;cit=SEALED' → {'cafc': 'SEALED ENTRY', 'cit': 'SEALED'}."""
    pairs = (item.split("=", 1) for item in text.split(";") if "=" in item)
    return {court.strip().lower(): wording.strip() for court, wording in pairs if wording.strip()}


# What the public reads on the line of an entry it may not read (PACER prints the line, not the text).
OPENECF_SEALED_ENTRY_TEXT = env_str("OPENECF_SEALED_ENTRY_TEXT", "SEALED").strip() or "SEALED"
# A court's own wording, where it differs: "court=wording;court=wording".
OPENECF_SEALED_ENTRY_TEXT_BY_COURT = _by_court(env_str("OPENECF_SEALED_ENTRY_TEXT_BY_COURT", ""))
# Rendered entry rows are cached per case, docket generation and visibility class; 0 turns it off.
OPENECF_DOCKET_ROWS_CACHE_SECONDS = env_int("OPENECF_DOCKET_ROWS_CACHE_SECONDS", 3600)
# Which of CACHES holds them (a per-process local-memory cache is safe: the key names the generation).
OPENECF_DOCKET_ROWS_CACHE = env_str("OPENECF_DOCKET_ROWS_CACHE", "default")
