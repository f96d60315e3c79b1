from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "openecf.notices"
    label = "notices"
    verbose_name = "Notices and electronic service"
    default_auto_field = "django.db.models.BigAutoField"
