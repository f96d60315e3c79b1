from django.apps import AppConfig


class PacerConfig(AppConfig):
    name = "openecf.pacer"
    label = "pacer"
    default_auto_field = "django.db.models.BigAutoField"
