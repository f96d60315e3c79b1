from django.apps import AppConfig


class MyAccountConfig(AppConfig):
    name = "openecf.myaccount"
    label = "myaccount"
    default_auto_field = "django.db.models.BigAutoField"
