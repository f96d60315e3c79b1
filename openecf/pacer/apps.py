from django.apps import AppConfig


class PacerConfig(AppConfig):
    name = "openecf.pacer"
    label = "pacer"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from openecf.pacer.models import ActivationLetter
        from openecf.storage import blob_referrers_register

        # The storage sweep keeps every activation letter's PDF.
        blob_referrers_register(
            "pacer.ActivationLetter.pdf_storage_key",
            lambda: ActivationLetter.objects.values_list("pdf_storage_key", flat=True).iterator(),
        )
