# Production image: gunicorn for the web, the same image runs the Celery worker.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    HF_HUB_OFFLINE=1 TOKENIZERS_PARALLELISM=false PIP_NO_CACHE_DIR=1

WORKDIR /app
# torch first, from the CPU index: a bare `torch` would pull a multi-GB CUDA build.
# (For a GPU worker, build with --build-arg TORCH_INDEX=https://download.pytorch.org/whl/cu128.)
ARG TORCH_INDEX=https://download.pytorch.org/whl/cpu
RUN pip install torch==2.13.0 --index-url ${TORCH_INDEX}
COPY pyproject.toml README.md ./
COPY config config
COPY papers papers
COPY search search
COPY frontend frontend
COPY manage.py ./
RUN pip install . && PRODUCTION=false python manage.py collectstatic --noinput
# The web side's query encoder (ONNX), exported once into the image.
ENV QUERY_ENCODER_DIR=/app/query-encoder
RUN PRODUCTION=false python manage.py export_query_encoder

RUN useradd --create-home paperscope && mkdir -p /data/keyword-index \
    && chown paperscope /data/keyword-index
USER paperscope
EXPOSE 8000
CMD ["gunicorn", "-c", "python:config.gunicorn", "config.wsgi"]
