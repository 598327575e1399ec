from django.db import migrations

from core.migrations_util import trigram_index


class Migration(migrations.Migration):
    dependencies = [("voters", "0001_initial")]

    operations = [
        trigram_index("voters_petitionitem", "search_text", "pitem_search_trgm"),
        trigram_index("voters_letter", "search_text", "letter_search_trgm"),
        trigram_index("voters_reception", "search_text", "reception_search_trgm"),
    ]
