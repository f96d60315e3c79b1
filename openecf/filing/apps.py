from django.apps import AppConfig


class FilingConfig(AppConfig):
    name = "openecf.filing"
    label = "filing"
    verbose_name = "Electronic filing"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from openecf.filing.sweep import draft_upload_keys
        from openecf.storage import blob_referrers_register

        # The storage sweep keeps the PDFs uploaded to the wizard's drafts until the drafts expire.
        blob_referrers_register("filing.FilingDraft.uploads", draft_upload_keys)
