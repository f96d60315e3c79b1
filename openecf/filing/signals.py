"""What electronic filing tells the floors above it, without knowing them."""

from django.dispatch import Signal

# Sent after the transaction that generated a Notice of Electronic Filing commits (keyword: notice_id).
# The notices app delivers it; a receiver's error is logged and never undoes or fails the filing.
notice_generated = Signal()
