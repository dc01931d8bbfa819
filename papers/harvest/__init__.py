"""Staying current: harvesting arXiv (OAI-PMH) and Hugging Face daily papers upvotes into
the same validation and upsert as imports. `manage.py harvest` and the Celery beat
schedule (HARVEST_ENABLED) run them."""
