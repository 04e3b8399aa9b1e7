from django.apps import AppConfig
from django.core.management import call_command
from django.db.models.signals import post_migrate


def create_cache_table(using, **kwargs):
    """`migrate` also makes the database cache's table (the guess and mail limits live there),
    wherever migrations run: setup, deploys, the benchmarks, tests. A no-op with Redis."""
    call_command("createcachetable", database=using, verbosity=0)


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        post_migrate.connect(create_cache_table, sender=self, dispatch_uid="create_cache_table")
