"""What happened to the corpus, for the apps that follow it. `papers` names none of them:
each connects its receivers in its AppConfig.ready(). Receivers run in the sender's
process (a worker, a command) and must not raise: they queue work and return."""

from django.dispatch import Signal

# A harvest stored its papers (`created`: how many were new). Sent by the scheduled
# harvest tasks and by `manage.py harvest`.
harvest_finished = Signal()  # source: str, created: int

# `manage.py import_papers` stored papers (`created`: how many were new).
papers_imported = Signal()  # created: int

# Vectors were written (`paper_ids`), and `backlog` embedding tasks are still queued: 0
# when this was the last of a batch. The sweep sends it with no papers and backlog 0
# when it finds the queue drained, so what follows the vectors catches up after a lost
# message.
papers_embedded = Signal()  # paper_ids: list[int], backlog: int
