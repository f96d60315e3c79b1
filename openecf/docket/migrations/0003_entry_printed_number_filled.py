"""Imported entries whose number was printed zero-padded (a court of appeals' document id, kept until now
only as the entry's pacer_doc_id) keep that printing in `printed_number`."""

from django.db import migrations

_DIGITS = frozenset("0123456789")


def fill_printed_numbers(apps, schema_editor):
    DocketEntry = apps.get_model("docket", "DocketEntry")
    entries = DocketEntry.objects.exclude(legacy_doc_id="").filter(number__isnull=False, printed_number="")
    batch = []
    for entry in entries.only("pk", "number", "legacy_doc_id").iterator(chunk_size=2000):
        doc_id = entry.legacy_doc_id
        padded = 0 < len(doc_id) <= 20 and set(doc_id) <= _DIGITS and doc_id != str(entry.number)
        if padded and int(doc_id) == entry.number:
            entry.printed_number = doc_id
            batch.append(entry)
        if len(batch) >= 2000:
            DocketEntry.objects.bulk_update(batch, ["printed_number"])
            batch = []
    if batch:
        DocketEntry.objects.bulk_update(batch, ["printed_number"])


class Migration(migrations.Migration):
    dependencies = [
        ("docket", "0002_entry_printed_number"),
    ]

    operations = [
        migrations.RunPython(fill_printed_numbers, migrations.RunPython.noop, elidable=False),
    ]
