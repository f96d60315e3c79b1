"""End-to-end tests: real Chromium against the live server, real SMTP."""
