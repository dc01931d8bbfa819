"""The Celery app. Tasks live in <app>/tasks.py; embedding work goes to the `embeddings`
queue so that GPU machines can serve that queue alone."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("paperscope")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
