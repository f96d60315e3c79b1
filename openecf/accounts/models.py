"""Accounts: the national PACER account and its roles in each court."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    """A national PACER account: one login for every court."""


class CourtRoleKind(models.TextChoices):
    CLERK = "clerk", "Clerk's office"
    HELP_DESK = "help_desk", "Help desk"
    JUDGE = "judge", "Judge"
    CHAMBERS = "chambers", "Chambers staff"


class CourtRole(models.Model):
    """A staff role a user holds in one court; court staff see that court's sealed material."""

    user = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        related_name="court_roles",
        help_text="The account holding the role.",
    )
    court = models.ForeignKey(
        "courts.Court",
        on_delete=models.PROTECT,
        related_name="staff_roles",
        help_text="Court of the role.",
    )
    role = models.CharField(
        max_length=12, choices=CourtRoleKind.choices, help_text="What the user does there."
    )
    granted_at = models.DateTimeField(auto_now_add=True, help_text="When the role was granted.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "court", "role"], name="court_role_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} ({self.court_id})"
