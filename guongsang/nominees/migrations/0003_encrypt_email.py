"""Nominees' e-mail addresses encrypted at rest, like their phone numbers, and taken out of the
history (where a diff would print them); the CCCD names its blind index for key rotation."""

import django.core.validators
from django.db import migrations, models
from django.db.models.functions import Cast

import guongsang.core.crypto


def _raw_emails(Nominee):
    # The stored text as it is, bypassing the field's decryption.
    return (
        Nominee._base_manager.exclude(email="")
        .annotate(raw=Cast(models.F("email"), models.TextField()))
        .values_list("pk", "raw")
        .iterator(chunk_size=1000)
    )


def encrypt_emails(apps, schema_editor):
    Nominee = apps.get_model("nominees", "Nominee")
    for pk, raw in list(_raw_emails(Nominee)):
        try:
            guongsang.core.crypto.decrypt(raw)
            continue  # already encrypted
        except ValueError:
            pass
        # The field encrypts the plain address on the way in.
        Nominee._base_manager.filter(pk=pk).update(email=raw)


def decrypt_emails(apps, schema_editor):
    Nominee = apps.get_model("nominees", "Nominee")
    for pk, raw in list(_raw_emails(Nominee)):
        try:
            plain = guongsang.core.crypto.decrypt(raw)
        except ValueError:
            continue  # never encrypted
        Nominee._base_manager.filter(pk=pk).update(email=models.Value(plain, output_field=models.TextField()))


class Migration(migrations.Migration):
    dependencies = [
        ("nominees", "0002_merged_into_partial_index"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="historicalnominee",
            name="email",
        ),
        migrations.AlterField(
            model_name="nominee",
            name="cccd",
            field=guongsang.core.crypto.EncryptedTextField(
                blank=True, index_field="cccd_index", verbose_name="số CCCD"
            ),
        ),
        migrations.AlterField(
            model_name="nominee",
            name="email",
            field=guongsang.core.crypto.EncryptedTextField(
                blank=True, validators=[django.core.validators.EmailValidator()], verbose_name="thư điện tử"
            ),
        ),
        migrations.RunPython(encrypt_emails, decrypt_emails, elidable=False),
    ]
