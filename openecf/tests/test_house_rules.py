"""Rules of the house kept by machine (docs/architecture.md).

- Pages, API endpoints and management commands read the record only through the access helpers and the
  apps' selectors: no `Model.objects`, no query built on a queryset they were handed.
- The Django admin writes only through services: every admin that may add, change or delete says how.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.contrib import admin
from django.contrib.admin import ModelAdmin
from django.test import RequestFactory

PACKAGE = Path(__file__).resolve().parent.parent

# Query-building methods of Django's QuerySet that no interface calls (`get`, `count`, `update`… are left
# out: dicts, sessions and paginators have methods of those names).
QUERY_METHODS = frozenset(
    {
        "filter",
        "exclude",
        "annotate",
        "alias",
        "select_related",
        "prefetch_related",
        "order_by",
        "values_list",
        "aggregate",
        "raw",
        "extra",
        "only",
        "defer",
        "select_for_update",
        "get_or_create",
        "update_or_create",
        "bulk_create",
        "bulk_update",
        "in_bulk",
    }
)
MANAGERS = frozenset({"objects", "_default_manager", "_base_manager"})


@dataclass(frozen=True)
class Violation:
    path: str
    line: int
    what: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.what}"


def interface_modules(root: Path = PACKAGE) -> list[Path]:
    """Views, API modules and management commands: the ways in from outside."""
    found: set[Path] = set()
    for path in root.rglob("*.py"):
        parts = path.relative_to(root).parts
        if "tests" in parts or "migrations" in parts:
            continue
        is_view = path.name == "views.py" or path.name.startswith("views_") or "views" in parts[:-1]
        is_api = parts[0] == "api"
        is_command = len(parts) >= 3 and parts[-3:-1] == ("management", "commands")
        if is_view or is_api or is_command:
            found.add(path)
    return sorted(found)


def access_violations(source: str, path: str) -> list[Violation]:
    """Where this module reaches the database itself instead of through an access helper or selector."""
    violations = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr in MANAGERS:
            owner = ast.unparse(node.value)
            violations.append(
                Violation(path, node.lineno, f"{owner}.{node.attr}: use an access helper or a selector")
            )
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in QUERY_METHODS
        ):
            owner = ast.unparse(node.func.value)
            violations.append(
                Violation(
                    path,
                    node.lineno,
                    f"{owner}.{node.func.attr}(...) builds a query: move it into a selector",
                )
            )
    return sorted(violations, key=lambda violation: (violation.line, violation.what))


def test_the_check_finds_every_kind_of_violation():
    source = (
        "from openecf.cases.models import Case\n"
        "def view(request):\n"
        "    cases = Case.objects.all()\n"
        "    mine = request.user.filing_rights.filter(court='cit')\n"
        "    return Case._default_manager.order_by('pk')\n"
    )
    found = access_violations(source, "openecf/x/views.py")
    assert [(v.line, v.what.split(":")[0].split("(")[0]) for v in found] == [
        (3, "Case.objects"),
        (4, "request.user.filing_rights.filter"),
        (5, "Case._default_manager.order_by"),
        (5, "Case._default_manager"),
    ]
    assert str(found[0]).startswith("openecf/x/views.py:3: Case.objects")


def test_the_interfaces_are_found():
    names = {str(path.relative_to(PACKAGE)) for path in interface_modules()}
    assert {
        "web/views.py",
        "api/api.py",
        "api/auth.py",
        "signin/views.py",
        "pacer/views.py",
        "filers/views.py",
        "myaccount/views.py",
        "filing/views/wizard.py",
        "filing/views/qc.py",
        "filing/views/verify.py",
        "reports/management/commands/docket_report.py",
        "web/management/commands/seed_demo.py",
    } <= names


def test_no_view_api_or_command_touches_the_database_itself():
    violations = [
        violation
        for path in interface_modules()
        for violation in access_violations(path.read_text(), str(path.relative_to(PACKAGE.parent)))
    ]
    assert not violations, "\n".join(map(str, violations))


# --- the admin ----------------------------------------------------------------------------------------


def _overrides(model_admin: ModelAdmin, method: str) -> bool:  # type: ignore[type-arg]
    return getattr(type(model_admin), method) is not getattr(ModelAdmin, method)


@pytest.mark.django_db
def test_the_admin_writes_only_through_services():
    from openecf.accounts.models import User

    request = RequestFactory().get("/admin/")
    request.user = User(username="root", is_superuser=True, is_staff=True, is_active=True)
    unsafe = []
    for model, model_admin in admin.site._registry.items():
        if not model._meta.app_config.name.startswith("openecf."):
            continue  # Django's and django-axes' own tables (groups, lockout records) are theirs to keep.
        label = model._meta.label
        writes = model_admin.has_add_permission(request) or model_admin.has_change_permission(request)
        if writes and not _overrides(model_admin, "save_model"):
            unsafe.append(f"{label}: may add or change, and saves with the stock save_model")
        deletes = model_admin.has_delete_permission(request)
        if deletes and not (
            _overrides(model_admin, "delete_model") and _overrides(model_admin, "delete_queryset")
        ):
            unsafe.append(f"{label}: may delete, and deletes with the stock delete_model or delete_queryset")
    assert not unsafe, "\n".join(unsafe)


def test_the_stock_user_admin_is_not_registered():
    from django.contrib.auth.admin import UserAdmin

    from openecf.accounts.models import User

    assert not isinstance(admin.site._registry[User], UserAdmin)
