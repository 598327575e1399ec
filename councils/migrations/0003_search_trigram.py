from django.db import migrations

from core.migrations_util import trigram_index


class Migration(migrations.Migration):
    dependencies = [("councils", "0002_historicalcouncilsetting_councilsetting")]

    operations = [
        trigram_index("councils_delegate", "name_key", "delegate_name_trgm"),
    ]
