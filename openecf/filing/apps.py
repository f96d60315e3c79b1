from django.apps import AppConfig


class FilingConfig(AppConfig):
    name = "openecf.filing"
    label = "filing"
    verbose_name = "Electronic filing"
    default_auto_field = "django.db.models.BigAutoField"
