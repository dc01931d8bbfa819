"""manage.py export_query_encoder — export the active model's transformer to ONNX for the
web side's query encoder (papers/query_encoder.py). Idempotent: an existing export is kept
unless it was written by an older version of the export, or --force."""

from __future__ import annotations

import numpy as np
from django.core.management.base import BaseCommand, CommandParser

from papers import encoder, query_encoder

CHECK_QUERIES = [
    "graph neural networks", "stop an RL agent losing the ability to learn",
    "diffusion models for protein structure generation", "GAN",
    "Attention mechanism for scalable mesh-based neural surrogates of free-surface fluids",
]  # fmt: skip
MIN_COSINE = 0.99


class Command(BaseCommand):
    help = "Export the active model's query encoder to ONNX (for onnxruntime in web workers)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--force", action="store_true", help="export again")

    def handle(self, *args, force: bool, **options) -> None:
        name = encoder.model_name()
        if query_encoder.current(name, encoder.model_path(name)) and not force:
            self.stdout.write(f"query encoder already exported: {query_encoder.onnx_file(name)}")
            return
        reference = encoder.encode(CHECK_QUERIES)
        # int8 first; a model that quantises badly is kept in float32 instead.
        for quantize in (True, False):
            path = query_encoder.export(name, encoder.model_path(name), quantize=quantize)
            exported = np.stack([encoder.encode_query(q) for q in CHECK_QUERIES])
            worst = float(np.min(np.sum(reference * exported, axis=1)))
            if worst >= MIN_COSINE:
                kind = "int8" if quantize else "float32"
                self.stdout.write(f"exported {path} ({kind}; cosine to the model ≥ {worst:.4f})")
                return
            path.unlink()
        raise SystemExit(f"the export gives other vectors (cosine {worst:.4f}); not kept")
