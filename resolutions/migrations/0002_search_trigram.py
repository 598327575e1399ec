from django.db import migrations

from core.migrations_util import trigram_index


class Migration(migrations.Migration):
    dependencies = [("resolutions", "0001_initial")]

    operations = [
        trigram_index("resolutions_resolution", "search_text", "resolution_search_trgm"),
    ]
