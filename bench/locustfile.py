"""The request mix of `make bench-load`: search 60%, paper page 25%, similar papers 10%,
bookmark writes 5% (as a token-authenticated script would). Papers and queries come from
files bench/load.py writes (BENCH_LOAD_DIR)."""

import os
import random
from pathlib import Path
from urllib.parse import quote

from locust import FastHttpUser, constant, task

DATA = Path(os.environ["BENCH_LOAD_DIR"])
IDS = DATA.joinpath("ids.txt").read_text().split()
QUERIES = DATA.joinpath("queries.txt").read_text().splitlines()
TOKEN = DATA.joinpath("token.txt").read_text().strip()


class Researcher(FastHttpUser):
    wait_time = constant(0)  # closed loop: each user sends its next request at once

    @task(60)
    def search(self):
        self.client.get(f"/api/v1/search/?q={quote(random.choice(QUERIES))}", name="search")

    @task(25)
    def paper_page(self):
        self.client.get(f"/papers/{random.choice(IDS)}/", name="paper page")

    @task(10)
    def similar(self):
        self.client.get(f"/api/v1/papers/{random.choice(IDS)}/similar/", name="similar")

    @task(5)
    def bookmark(self):
        headers = {"Authorization": f"Token {TOKEN}"}
        paper = random.choice(IDS)
        if random.random() < 0.5:
            self.client.post("/api/v1/bookmarks/", json={"paper_id": paper, "tags": ["load"]},
                             headers=headers, name="bookmark write")  # fmt: skip
        else:
            url = f"/api/v1/bookmarks/{paper}/"
            with self.client.delete(
                url, headers=headers, name="bookmark write", catch_response=True
            ) as response:
                if response.status_code == 404:  # not bookmarked: a valid answer
                    response.success()
