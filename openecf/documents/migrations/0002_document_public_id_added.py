"""Documents get an opaque public id (filled in 0003, made unique in 0004)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="document",
            name="public_id",
            field=models.CharField(
                editable=False,
                help_text="The opaque id in the document's address (/<court>/doc1/<id>); random, never reused.",
                max_length=40,
                null=True,
            ),
        ),
        migrations.AlterField(
            model_name="document",
            name="restriction",
            field=models.CharField(
                choices=[
                    ("public", "Public"),
                    ("participants", "Case participants only"),
                    ("sealed", "Sealed"),
                    ("ex_parte", "Ex parte"),
                ],
                default="public",
                help_text="Who may read it, besides its entry's restriction: a reader needs both (the stricter wins).",
                max_length=12,
            ),
        ),
    ]
