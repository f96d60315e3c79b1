"""Billing: the payment gateway that turns card numbers into tokens."""

from openecf.settings.env import env_str

# "sandbox" is the embedded gateway (Luhn check, test numbers that decline); it never moves money.
OPENECF_PAYMENT_GATEWAY = env_str("OPENECF_PAYMENT_GATEWAY", "sandbox")
