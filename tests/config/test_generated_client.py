"""A client generated from our OpenAPI schema by openapi-python-client (as a researcher's
script would make one) imports every module and drives the live server: search, list
papers, and create, read and delete a bookmark with a token."""

import importlib
import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest
from rest_framework.authtoken.models import Token

from papers.embeddings import embed_papers_now
from tests.factories import PaperFactory
from tests.helpers import index_keywords

GENERATOR = Path(sys.executable).with_name("openapi-python-client")
PACKAGE = "paperscope_generated_client"


@pytest.fixture
def generated_client(live_server, tmp_path):
    """The client package, generated from the live server's schema and imported."""
    env = {**os.environ, "PATH": f"{GENERATOR.parent}{os.pathsep}{os.environ['PATH']}"}
    done = subprocess.run(
        [str(GENERATOR), "generate", "--url", f"{live_server.url}/api/v1/schema/",
         "--output-path", str(tmp_path / PACKAGE), "--meta", "none"],
        env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    # Every operation generated: a warning means a part of the API was left out.
    assert "Warning" not in done.stdout + done.stderr, done.stdout + done.stderr
    sys.path.insert(0, str(tmp_path))
    try:
        package = importlib.import_module(PACKAGE)
        modules = [
            importlib.import_module(info.name)
            for info in pkgutil.walk_packages(package.__path__, f"{PACKAGE}.")
        ]
        yield package, modules
    finally:
        sys.path.remove(str(tmp_path))
        for name in [n for n in sys.modules if n.split(".")[0] == PACKAGE]:
            del sys.modules[name]


@pytest.fixture
def papers(transactional_db):
    papers = [
        PaperFactory(arxiv_id="2501.00001", title="Denoising diffusion probabilistic models",
                     abstract="Image generation by reversing a gradual noising process."),
        PaperFactory(arxiv_id="2501.00002", title="Proximal policy optimization",
                     abstract="Clipped policy gradients keep reinforcement learning stable."),
    ]  # fmt: skip
    embed_papers_now([p.id for p in papers])
    index_keywords()
    yield papers


def test_every_module_imports_and_the_client_works(generated_client, papers, alice, live_server):
    package, modules = generated_client
    assert len(modules) > 50  # the api and models packages, one module per operation/model
    operations = {m.__name__.split(".")[-1] for m in modules if ".api." in m.__name__}
    assert {"search_retrieve", "papers_list", "bookmarks_create", "bookmarks_retrieve",
            "bookmarks_destroy", "library_export_retrieve"} <= operations  # fmt: skip

    def operation(name: str):
        return importlib.import_module(f"{PACKAGE}.api.{name}")

    models = importlib.import_module(f"{PACKAGE}.models")
    token = Token.objects.create(user=alice).key
    client = package.AuthenticatedClient(base_url=live_server.url, token=token, prefix="Token")

    found = operation("search.search_retrieve").sync(client=client, q="diffusion models")
    assert isinstance(found, models.SearchResponse)
    assert found.results[0].paper.id == "2501.00001"

    listed = operation("papers.papers_list").sync(client=client)
    assert {p.id for p in listed.results} == {"2501.00001", "2501.00002"}

    created = operation("bookmarks.bookmarks_create").sync(
        client=client,
        body=models.BookmarkCreate(paper_id="2501.00002", note="read", tags=["RL", "to-read"]),
    )
    assert isinstance(created, models.Bookmark)
    assert created.paper.id == "2501.00002" and created.tags == ["rl", "to-read"]

    read = operation("bookmarks.bookmarks_retrieve").sync(client=client, paper_id="2501.00002")
    assert isinstance(read, models.Bookmark) and read.note == "read"

    exported = operation("library.library_export_retrieve").sync(client=client)
    assert [(b.id, b.tags) for b in exported] == [("2501.00002", ["rl", "to-read"])]

    deleted = operation("bookmarks.bookmarks_destroy").sync_detailed(
        client=client, paper_id="2501.00002"
    )
    assert deleted.status_code == 204
    gone = operation("bookmarks.bookmarks_retrieve").sync_detailed(
        client=client, paper_id="2501.00002"
    )
    assert gone.status_code == 404
