"""Document storage: a local content-addressed folder by default."""

from openecf.settings.env import env_str, var_dir

DOCUMENT_STORAGE_ROOT = env_str("OPENECF_DOCUMENT_ROOT", str(var_dir() / "documents"))
