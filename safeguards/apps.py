from django.apps import AppConfig


class SafeguardsConfig(AppConfig):
    """What keeps the participants' moment safe: rate limits, the database-down page, the data purge."""

    name = "safeguards"
