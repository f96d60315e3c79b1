"""Every existing document gets its own random public id (the form of `documents.models.new_public_id`)."""

import secrets

from django.db import migrations


def _public_id() -> str:
    digits = f"{secrets.randbelow(10**39):039d}"
    return f"{digits[:3]}0{digits[3:]}"


def fill_public_ids(apps, schema_editor):
    Document = apps.get_model("documents", "Document")
    pending = Document.objects.filter(public_id__isnull=True).only("pk")
    batch = []
    for document in pending.iterator(chunk_size=2000):
        document.public_id = _public_id()
        batch.append(document)
        if len(batch) == 2000:
            Document.objects.bulk_update(batch, ["public_id"])
            batch = []
    if batch:
        Document.objects.bulk_update(batch, ["public_id"])


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0002_document_public_id_added"),
    ]

    operations = [
        migrations.RunPython(fill_public_ids, migrations.RunPython.noop, elidable=False),
    ]
