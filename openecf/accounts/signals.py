"""What the identity core tells the floors above it, without importing them.

`account_sessions_ended` is sent inside the transaction that ended every session of an account (disabling,
password change, password reset); `openecf.signin` answers it by revoking the account's API tokens, so
nothing that signed in before the change keeps working.
"""

from __future__ import annotations

from django.dispatch import Signal

# Sent with sender=User and keyword arguments user (the account) and acting_user (who ended them, or None).
account_sessions_ended = Signal()
