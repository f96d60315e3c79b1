from django.apps import AppConfig


class DocketConfig(AppConfig):
    name = "openecf.docket"
    label = "docket"
    default_auto_field = "django.db.models.BigAutoField"
