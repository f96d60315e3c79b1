"""What the identity core tells the floors above it, without importing them.

`account_sessions_ended` is sent inside the transaction that ended every session of an account (disabling,
password change, password reset); `openecf.signin` answers it by revoking the account's API tokens, so
nothing that signed in before the change keeps working.

`email_change_undone` is sent inside the transaction that undid a change of the primary address: whoever
made the change may have added sign-in means since (an authenticator app confirmed by a code mailed to the
new address), and `openecf.signin` removes them.
"""

from __future__ import annotations

from django.dispatch import Signal

# Sent with sender=User and keyword arguments user (the account) and acting_user (who ended them, or None).
account_sessions_ended = Signal()
# Sent with sender=User and keyword arguments user (the account) and since (when the undone change was made).
email_change_undone = Signal()
