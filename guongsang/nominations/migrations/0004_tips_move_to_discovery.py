"""Tips (GoodDeedReport, its history and its files) move to the ``discovery`` app.

Only Django's picture of the models changes here: the tables stay as they are, with every row,
and ``discovery`` 0001 takes them over under the same names (its models set ``db_table``).
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('nominations', '0003_private_storage'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='ReportFile'),
                migrations.DeleteModel(name='HistoricalGoodDeedReport'),
                migrations.DeleteModel(name='GoodDeedReport'),
            ],
            database_operations=[],
        ),
    ]
