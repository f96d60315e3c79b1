from django.apps import AppConfig


class SignInConfig(AppConfig):
    name = "openecf.signin"
    label = "signin"
    verbose_name = "Sign-in"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from openecf.access.facts import facts_provide
        from openecf.signin.facts import SecondFactorFactsFromSignIn

        facts_provide(second_factor=SecondFactorFactsFromSignIn())
