"""manage.py refresh_search_index — rebuild the search index from the directory tables (triggers keep it current;
this is for after SQL run with triggers disabled, or a restore that skipped them)."""

from typing import Any

from django.core.management.base import BaseCommand

from search.actions.search_index import search_index_refresh


class Command(BaseCommand):
    help = "Rebuild the search index behind /api/nearby/ from the directory tables (normally kept by triggers)."

    def handle(self, *args: Any, **options: Any) -> None:
        rows = search_index_refresh()
        self.stdout.write(f"search index rebuilt: {rows} searchable services at places")
