from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "openecf.web"
    label = "web"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.contrib import admin

        # The admin's home lists the staff's own pages too (the queues the header's staff menus show).
        admin.site.index_template = "web/admin/index.html"
