#!/bin/sh
# The production image's build steps, after its packages are installed: the Dockerfile runs
# this script, and tests/config/test_production_image.py runs the same script into a
# temporary directory before it starts the image's command (gunicorn) against the result.
#
# STATIC_ROOT and QUERY_ENCODER_DIR say where the files go. The settings are the
# production ones (PRODUCTION=true): the static files are collected by the storage that
# serves them, hashed names, a manifest and compressed copies, never by a plain one.
set -eu
: "${STATIC_ROOT:?STATIC_ROOT: where the static files go}"
: "${QUERY_ENCODER_DIR:?QUERY_ENCODER_DIR: where the ONNX query encoder goes}"
PYTHON=${PYTHON:-python}
cd "$(dirname "$0")/../.."

# Building needs no secret and no site; production settings refuse to start without them,
# so the build gives throwaway values that no running container sees.
export PRODUCTION=true DEBUG=false HF_HUB_OFFLINE=1 TOKENIZERS_PARALLELISM=false
SECRET_KEY=$("$PYTHON" -c 'import secrets; print(secrets.token_urlsafe(50))')
export SECRET_KEY
export SITE_URL="${SITE_URL:-https://build.invalid}"

"$PYTHON" manage.py collectstatic --noinput --clear --verbosity 1
"$PYTHON" manage.py export_query_encoder
# Settings, URLs and templates load under production settings (no database is asked).
"$PYTHON" manage.py check --fail-level ERROR
