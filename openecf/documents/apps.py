from collections.abc import Callable, Iterator

from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "openecf.documents"
    label = "documents"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from openecf.documents.models import Document
        from openecf.storage import blob_referrers_register

        def keys_of(field: str) -> Callable[[], Iterator[str]]:
            return lambda: Document.objects.values_list(field, flat=True).iterator()

        # The storage sweep keeps every file a document refers to: the file as filed and its stamped copy.
        for field in ("storage_key", "stamped_storage_key"):
            blob_referrers_register(f"documents.Document.{field}", keys_of(field))
