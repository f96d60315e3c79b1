"""The public id is required and unique (its unique index is how a document is found)."""

from django.db import migrations, models

import openecf.documents.models


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0003_document_public_id_filled"),
    ]

    operations = [
        migrations.AlterField(
            model_name="document",
            name="public_id",
            field=models.CharField(
                default=openecf.documents.models.new_public_id,
                editable=False,
                help_text="The opaque id in the document's address (/<court>/doc1/<id>); random, never reused.",
                max_length=40,
                unique=True,
            ),
        ),
    ]
