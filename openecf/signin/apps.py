from django.apps import AppConfig


class SignInConfig(AppConfig):
    name = "openecf.signin"
    label = "signin"
    verbose_name = "Sign-in"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from openecf.access.facts import facts_provide
        from openecf.accounts.signals import account_sessions_ended, email_change_undone
        from openecf.signin.facts import SecondFactorFactsFromSignIn
        from openecf.signin.mfa import totp_devices_remove_added_since
        from openecf.signin.tokens import api_tokens_revoke_on_sessions_end

        facts_provide(second_factor=SecondFactorFactsFromSignIn())
        account_sessions_ended.connect(api_tokens_revoke_on_sessions_end, dispatch_uid="signin.api_tokens")
        email_change_undone.connect(totp_devices_remove_added_since, dispatch_uid="signin.totp_devices")
