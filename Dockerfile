# Production image: gunicorn for the web; the same image runs the Celery workers, beat,
# the keyword index writer and the one-shot migrate (docker-compose.yml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    HF_HUB_OFFLINE=1 TOKENIZERS_PARALLELISM=false PIP_NO_CACHE_DIR=1

WORKDIR /app
# torch first, from the CPU index: a bare `torch` would pull a multi-GB CUDA build.
# The gpu profile's image builds with --build-arg TORCH_INDEX=https://download.pytorch.org/whl/cu128.
ARG TORCH_INDEX=https://download.pytorch.org/whl/cpu
RUN pip install torch==2.13.0 --index-url ${TORCH_INDEX}
COPY pyproject.toml README.md ./
COPY config config
COPY papers papers
COPY search search
COPY frontend frontend
COPY manage.py ./
RUN pip install .
# Everything else the image holds (static files hashed and compressed, the ONNX query
# encoder) comes from one script, which tests/config/test_production_image.py runs too.
ENV STATIC_ROOT=/app/static QUERY_ENCODER_DIR=/app/query-encoder
RUN PYTHON=python config/image/build.sh

RUN useradd --create-home paperscope \
    && mkdir -p /data/keyword-index /data/backups /data/beat \
    && chown paperscope /data/keyword-index /data/backups /data/beat
USER paperscope
EXPOSE 8000
CMD ["gunicorn", "-c", "python:config.gunicorn", "config.wsgi"]
