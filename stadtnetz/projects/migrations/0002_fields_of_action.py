# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
from django.db import migrations

FIELDS = [
    ("verwaltung", "Verwaltung"),
    ("mobilitaet", "Mobilität"),
    ("energie-umwelt", "Energie und Umwelt"),
    ("gesellschaft-bildung", "Gesellschaft und Bildung"),
    ("gesundheit", "Gesundheit"),
    ("beteiligung", "Beteiligung"),
    ("daten-plattformen", "Daten und Plattformen"),
    ("infrastruktur", "Infrastruktur"),
    ("wirtschaft-handel", "Wirtschaft und Handel"),
    ("stadtplanung-raum", "Stadtplanung und Raum"),
]


def add_fields(apps, schema_editor):
    FieldOfAction = apps.get_model("projects", "FieldOfAction")
    for position, (code, name) in enumerate(FIELDS, start=1):
        FieldOfAction.objects.update_or_create(
            code=code, defaults={"name": name, "position": position}
        )


class Migration(migrations.Migration):
    dependencies = [("projects", "0001_initial")]
    operations = [migrations.RunPython(add_fields, migrations.RunPython.noop)]
