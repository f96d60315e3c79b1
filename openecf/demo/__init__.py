"""Demo data: the CIT and the Federal Circuit with realistic (invented) cases, written through services."""
