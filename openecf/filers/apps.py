from django.apps import AppConfig


class FilersConfig(AppConfig):
    name = "openecf.filers"
    label = "filers"
    verbose_name = "Court filer accounts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from openecf.access.facts import facts_provide
        from openecf.filers.rights import FilerFactsFromFilers

        facts_provide(filers=FilerFactsFromFilers())
