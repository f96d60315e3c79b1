"""Courts: the tenants of a deployment, their judges, and the staff roles people hold in them."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models


class CourtKind(models.TextChoices):
    TRIAL = "trial", "Trial court"
    APPELLATE = "appellate", "Court of appeals"
    BANKRUPTCY = "bankruptcy", "Bankruptcy court"


class Court(models.Model):
    """One court served by this deployment; every case, event and fee belongs to one."""

    id = models.CharField(
        primary_key=True, max_length=15, help_text="Court id as in courts-db, e.g. 'cit', 'cafc'."
    )
    name = models.CharField(max_length=200, help_text="Full name, e.g. 'U.S. Court of International Trade'.")
    kind = models.CharField(
        max_length=12, choices=CourtKind.choices, help_text="Trial, appellate or bankruptcy court."
    )
    location = models.CharField(max_length=100, blank=True, help_text="Seat of the court, e.g. 'New York'.")
    time_zone = models.CharField(
        max_length=64,
        default="America/New_York",
        help_text="IANA time zone in which filing deadlines are judged.",
    )
    pacer_office_code = models.CharField(
        max_length=2, default="1", help_text="Office (division) digit of the PACER case number."
    )
    pacer_case_number_format = models.CharField(
        max_length=60,
        default="{office}:{yy}-{type}-{seq:05d}",
        help_text="Python format of the PACER case number; fields office, yy, type, seq.",
    )
    display_case_number_format = models.CharField(
        max_length=60,
        default="{office}:{yy}-{type}-{seq:05d}",
        help_text="Python format of the court's own case number, e.g. 'Court No. {yy}-{seq:05d}'.",
    )
    first_case_sequence = models.PositiveIntegerField(
        default=1, help_text="First sequence number of each year's cases (appeals start at 1001)."
    )
    max_file_size_bytes = models.PositiveBigIntegerField(
        default=50 * 1024 * 1024, help_text="Largest PDF accepted in one file (CIT: 50 MB)."
    )
    office_opens_at = models.TimeField(
        default=dt.time(8, 30), help_text="Clerk's office opening time, local time."
    )
    office_closes_at = models.TimeField(
        default=dt.time(17, 0), help_text="Clerk's office closing time, local time."
    )
    help_desk_phone = models.CharField(max_length=40, blank=True, help_text="CM/ECF Help Desk phone.")
    help_desk_email = models.EmailField(blank=True, help_text="CM/ECF Help Desk e-mail.")
    website = models.URLField(blank=True, help_text="The court's public website.")
    created_at = models.DateTimeField(auto_now_add=True, help_text="When this court was configured.")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_appellate(self) -> bool:
        return self.kind == CourtKind.APPELLATE


class Judge(models.Model):
    """A judge of one court, assignable to its cases."""

    court = models.ForeignKey(
        Court, on_delete=models.PROTECT, related_name="judges", help_text="Court the judge sits on."
    )
    name = models.CharField(max_length=200, help_text="Name as shown on dockets, e.g. 'Leo M. Gordon'.")
    initials = models.CharField(
        max_length=6, blank=True, help_text="Initials appended to PACER case numbers, e.g. 'LMG'."
    )
    title = models.CharField(max_length=60, default="Judge", help_text="e.g. 'Judge', 'Senior Judge'.")
    active = models.BooleanField(default=True, help_text="Takes new assignments.")
    chambers_email = models.EmailField(
        blank=True, help_text="Chambers' address for Notices of Electronic Filing in the judge's cases."
    )

    class Meta:
        ordering = ["court", "name"]
        constraints = [models.UniqueConstraint(fields=["court", "name"], name="judge_unique_name_per_court")]

    def __str__(self) -> str:
        return f"{self.name} ({self.court_id})"


class CourtRoleKind(models.TextChoices):
    CLERK = "clerk", "Clerk's office"
    HELP_DESK = "help_desk", "Help desk"
    JUDGE = "judge", "Judge"
    CHAMBERS = "chambers", "Chambers staff"


class CourtRole(models.Model):
    """A staff role a user holds in one court; court staff see that court's sealed material."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="court_roles",
        help_text="The account holding the role.",
    )
    court = models.ForeignKey(
        Court,
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


class MaintenanceWindow(models.Model):
    """A time in which the clerk suspends electronic filing (seed 002); deadlines inside it move to the next
    day filing is open."""

    court = models.ForeignKey(
        Court, on_delete=models.PROTECT, related_name="maintenance_windows", help_text="Court."
    )
    starts_at = models.DateTimeField(help_text="When filing stops.")
    ends_at = models.DateTimeField(help_text="When filing resumes.")
    notice = models.TextField(help_text="The notice filers are shown, in the clerk's words.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", help_text="Clerk who set it."
    )
    cancelled_at = models.DateTimeField(null=True, blank=True, help_text="When the clerk withdrew it.")
    created_at = models.DateTimeField(auto_now_add=True, help_text="When it was set.")

    class Meta:
        ordering = ["court", "starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="maintenance_window_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.court_id}: filing suspended {self.starts_at:%Y-%m-%d %H:%M} to {self.ends_at:%Y-%m-%d %H:%M}"
