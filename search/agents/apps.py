from django.apps import AppConfig


class AgentsConfig(AppConfig):
    """The MCP server: what an AI assistant can do here, over the pages' services."""

    name = "search.agents"
    label = "agents"
