"""Test infrastructure shared by every app's tests: a real SMTP server and a real browser."""
