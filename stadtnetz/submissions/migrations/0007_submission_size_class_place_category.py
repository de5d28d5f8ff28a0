# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""One vocabulary for the kind of place (municipalities.PlaceCategory): submissions stored the
organisation kind for cooperations ("cooperation") and others ("other") where every other app
says "kooperation" and nothing."""

from django.db import migrations, models

RENAMED = {"cooperation": "kooperation", "other": ""}


def unify(apps, schema_editor):
    Submission = apps.get_model("submissions", "Submission")
    for old, new in RENAMED.items():
        Submission.objects.filter(size_class=old).update(size_class=new)


def restore(apps, schema_editor):
    Submission = apps.get_model("submissions", "Submission")
    Submission.objects.filter(size_class="kooperation").update(size_class="cooperation")


class Migration(migrations.Migration):
    dependencies = [
        ("submissions", "0006_hardship_request_status_label"),
    ]

    operations = [
        migrations.RunPython(unify, restore),
        migrations.AlterField(
            model_name="submission",
            name="size_class",
            field=models.CharField(
                blank=True,
                choices=[
                    ("grossstadt", "Large city"),
                    ("mittelstadt", "Medium-sized town"),
                    ("kleinstadt", "Small town"),
                    ("landgemeinde", "Rural municipality"),
                    ("landkreis", "County"),
                    ("kooperation", "Cooperation"),
                ],
                max_length=20,
            ),
        ),
    ]
