"""OpenECF: court electronic case filing (CM/ECF) and public access (PACER)."""
