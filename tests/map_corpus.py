"""Papers in three topics with vectors apart, for the map of the field's tests."""

import datetime as dt

import numpy as np

from papers.embeddings import store_vectors
from papers.encoder import paper_text, text_hash
from tests.factories import PaperFactory

# Three topics, each with words of its own, around three directions in 384-d.
TOPICS = {
    "diffusion": ("Denoising diffusion for image generation",
                  "Diffusion models generate images by reversing a noising process; "
                  "text-to-image diffusion samples high fidelity pictures."),
    "policy": ("Policy gradients for robot control",
               "Reinforcement learning agents optimise a policy with rewards; "
               "policy gradient methods control robots."),
    "graphs": ("Graph neural networks for molecules",
               "Message passing graph neural networks predict molecular properties "
               "from atoms and bonds."),
}  # fmt: skip


def topic_vectors(topic: int, count: int, seed: int | tuple[int, ...]) -> np.ndarray:
    rng = np.random.default_rng(seed)
    centre = np.zeros(384, dtype=np.float32)
    centre[topic * 10 : topic * 10 + 10] = 1.0
    vectors = centre + rng.normal(0, 0.08, (count, 384)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def add_topic_papers(topic: str, count: int, seed: int = 0, start: dt.date = dt.date(2023, 1, 1)):
    """Papers of one topic with vectors near its direction (vector quality does not matter
    to the map's mechanics: only that topics are apart)."""
    index = list(TOPICS).index(topic)
    title, abstract = TOPICS[topic]
    category = f"cs.{topic[:2].upper()}"
    papers = [
        PaperFactory(title=f"{title} {n}", abstract=abstract, categories=[category],
                     published=start + dt.timedelta(days=17 * n))
        for n in range(count)
    ]  # fmt: skip
    hashes = [text_hash(paper_text(p.title, p.abstract)) for p in papers]
    # Seeded by the first paper's id too (ids never repeat: sequences are not rolled
    # back), so no two tests store the same vectors. Each test's rolled-back rows stay in
    # the HNSW graph until vacuum, and exact copies of one vector crowd each other's
    # neighbour lists: after 60 rolled-back copies of this corpus, a new policy paper's
    # 30 nearest held 2 to 7 of the 20 laid-out policy papers, and once in CI a paper
    # was placed far from its topic. Distinct vectors, as many, left recall whole.
    vectors = topic_vectors(index, count, (seed, papers[0].id))
    store_vectors([p.id for p in papers], vectors, hashes)
    return papers
