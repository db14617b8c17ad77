"""
Luoshi settings: one file, read from the environment (django-environ).

Development defaults apply only when DEBUG is on. In production (DEBUG off) the
app refuses to start without a real SECRET_KEY and an explicit ALLOWED_HOSTS.
"""

import ssl
from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A local .env is convenient on a workstation; in production the process
# environment (systemd EnvironmentFile) is the source of truth.
env_file = BASE_DIR / ".env"
if env_file.exists():
    env.read_env(str(env_file))

DEBUG = env.bool("DEBUG", default=False)

_DEV_SECRET_KEY = "luoshi-development-only-insecure-key"
SECRET_KEY = env.str("SECRET_KEY", default=_DEV_SECRET_KEY if DEBUG else "")
if not DEBUG and (
    not SECRET_KEY
    or SECRET_KEY == _DEV_SECRET_KEY
    or SECRET_KEY.startswith("django-insecure")
    or len(SECRET_KEY) < 50
    or len(set(SECRET_KEY)) < 5
):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a long random value when DEBUG is off "
        "(at least 50 characters). Generate one with: python -c "
        '"import secrets; print(secrets.token_urlsafe(64))"'
    )

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # The Django admin with Luoshi's site: only administrators may open it.
    "accounts.apps.LuoshiAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "django_tables2",
    "simple_history",
    "accounts.apps.LuoshiAxesConfig",  # django-axes, with a translated name
    "accounts",
    "targets",
]

MIDDLEWARE = [
    # Outermost: it compresses the response every other middleware has finished.
    "config.middleware.CompressionMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Django's, with the user read in the session's own query (accounts.sessions).
    "accounts.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After the message middleware: it tells the signed-out user why.
    "accounts.middleware.SessionTimeoutMiddleware",
    # A password set by an administrator, or too old, is changed before anything else.
    "accounts.middleware.PasswordChangeRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "config.middleware.ContentSecurityPolicyMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a refused sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                # ``may``: the rules of targets/rules.py, asked by name in templates.
                "targets.rules.rules_context",
                # ``unread_notifications``: the bell's figure in the menu.
                "targets.selectors.notifications.bell_context",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# Database: SQLite in the project by default (make demo needs no server);
# PostgreSQL in production through DATABASE_URL=postgres://user:pass@host/db.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # WAL lets readers proceed while one request writes; IMMEDIATE takes
            # the write lock at BEGIN so concurrent writers queue on busy_timeout
            # instead of failing with "database is locked" mid-transaction.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# The password policy (口令策略, docs/security.md): at least PASSWORD_MIN_LENGTH characters
# of at least PASSWORD_MIN_CLASSES kinds (upper case, lower case, digits, other), neither
# the account name nor the phone number, none of the last PASSWORD_HISTORY passwords. A
# password older than PASSWORD_MAX_AGE_DAYS must be changed at the next request (0: never).
PASSWORD_MIN_LENGTH = env.int("PASSWORD_MIN_LENGTH", default=8)
PASSWORD_MIN_CLASSES = env.int("PASSWORD_MIN_CLASSES", default=3)
PASSWORD_HISTORY = env.int("PASSWORD_HISTORY", default=5)
PASSWORD_MAX_AGE_DAYS = env.int("PASSWORD_MAX_AGE_DAYS", default=0)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": PASSWORD_MIN_LENGTH},
    },
    {
        "NAME": "accounts.passwords.CharacterClassesValidator",
        "OPTIONS": {"min_classes": PASSWORD_MIN_CLASSES},
    },
    {"NAME": "accounts.passwords.NotAccountNameValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {
        "NAME": "accounts.passwords.PasswordHistoryValidator",
        "OPTIONS": {"remember": PASSWORD_HISTORY},
    },
]
# An account nobody signed in to for this many days is disabled by the
# disable_inactive_accounts command (cron; docs/operations.md); 0 disables nothing.
ACCOUNT_INACTIVE_DAYS = env.int("ACCOUNT_INACTIVE_DAYS", default=90)
# The security audit log keeps entries at least this many days (等保 2.0 asks for 180);
# purge_audit_log removes older ones and refuses a shorter time.
AUDIT_LOG_RETENTION_DAYS = env.int("AUDIT_LOG_RETENTION_DAYS", default=180)

# django-axes first: it refuses a locked-out sign-in before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.DepartmentModelBackend",
]

# Sign-in through the office's directory (LDAP / Active Directory; accounts/directory.py,
# docs/deployment.md "The office's directory"): off unless LDAP_URL is set. It then comes
# after axes (the lock still applies) and before the password backend, which keeps local
# accounts working but refuses accounts the directory manages.
LDAP_URL = env.list("LDAP_URL", default=[])
# A person binds as LDAP_USER_BIND with their name in it: a DN under the search base for
# OpenLDAP (the default), {username}@district.gov.cn or DISTRICT\\{username} for AD.
LDAP_SEARCH_BASE = env.str("LDAP_SEARCH_BASE", default="")
LDAP_ATTR_USERNAME = env.str("LDAP_ATTR_USERNAME", default="uid")
LDAP_USER_BIND = env.str(
    "LDAP_USER_BIND", default=f"{LDAP_ATTR_USERNAME}={{username}},{LDAP_SEARCH_BASE}"
)
# Added to the search for the person, e.g. AD's accounts not disabled:
# (!(userAccountControl:1.2.840.113556.1.4.803:=2))
LDAP_USER_FILTER = env.str("LDAP_USER_FILTER", default="")
LDAP_ATTR_NAME = env.str("LDAP_ATTR_NAME", default="cn")  # the full name, 张伟
LDAP_ATTR_EMAIL = env.str("LDAP_ATTR_EMAIL", default="mail")
# Groups: the entry's memberOf (AD; OpenLDAP's memberof overlay), or, when
# LDAP_GROUP_SEARCH_BASE is set, a search there with LDAP_GROUP_FILTER ({dn}, {username}).
LDAP_GROUP_ATTRIBUTE = env.str("LDAP_GROUP_ATTRIBUTE", default="memberOf")
LDAP_GROUP_SEARCH_BASE = env.str("LDAP_GROUP_SEARCH_BASE", default="")
LDAP_GROUP_FILTER = env.str(
    "LDAP_GROUP_FILTER", default="(|(member={dn})(uniqueMember={dn})(memberUid={username}))"
)
if LDAP_URL:
    if not LDAP_SEARCH_BASE:
        raise ImproperlyConfigured(
            "LDAP_URL is set: set LDAP_SEARCH_BASE too (docs/deployment.md)."
        )
    if "{username}" not in LDAP_USER_BIND:
        raise ImproperlyConfigured("LDAP_USER_BIND must contain {username} (docs/deployment.md).")
    AUTHENTICATION_BACKENDS.insert(1, "accounts.directory.DirectoryBackend")
# What django-python3-ldap reads (its connection: servers, TLS, timeouts, service account).
LDAP_AUTH_URL = LDAP_URL
LDAP_AUTH_SEARCH_BASE = LDAP_SEARCH_BASE
LDAP_AUTH_OBJECT_CLASS = env.str("LDAP_USER_OBJECT_CLASS", default="inetOrgPerson")
LDAP_AUTH_FORMAT_USERNAME = "accounts.directory.bind_name"
# A service account that reads entries and groups after the person's own bind, where
# people may not read them; empty: the person's own bind reads them.
LDAP_AUTH_CONNECTION_USERNAME = env.str("LDAP_BIND_DN", default="") or None
LDAP_AUTH_CONNECTION_PASSWORD = env.str("LDAP_BIND_PASSWORD", default="") or None
# ldaps:// URLs encrypt from the start; LDAP_START_TLS upgrades ldap://. Certificates are
# checked against LDAP_TLS_CA_FILE (else the system's) unless LDAP_TLS_VERIFY is off.
LDAP_AUTH_USE_TLS = env.bool("LDAP_START_TLS", default=False)
LDAP_AUTH_TLS_ARGS = {
    "validate": ssl.CERT_REQUIRED if env.bool("LDAP_TLS_VERIFY", default=True) else ssl.CERT_NONE,
    "ca_certs_file": env.str("LDAP_TLS_CA_FILE", default="") or None,
}
# A directory that does not answer must not hold the sign-in page: seconds, and one pass
# over the servers (ldap3's pool would otherwise try them forever).
LDAP_AUTH_CONNECT_TIMEOUT = env.int("LDAP_TIMEOUT", default=5)
LDAP_AUTH_RECEIVE_TIMEOUT = LDAP_AUTH_CONNECT_TIMEOUT
LDAP_AUTH_POOL_ACTIVE = 1
if any(url.lower().startswith("ldaps://") for url in LDAP_URL):
    import ldap3

    LDAP_AUTH_CONNECT_ARGS = {"tls": ldap3.Tls(**LDAP_AUTH_TLS_ARGS)}

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sessions live in the database so any app server behind nginx can serve any request:
# Django's database sessions, whose row also names the user, so that the session and its
# user are read in one query (accounts.sessions; django.contrib.sessions stays installed
# for clearsessions).
SESSION_ENGINE = "accounts.sessions"
# accounts.middleware.SessionTimeoutMiddleware signs a user out after SESSION_IDLE_TIMEOUT
# seconds without a request, and SESSION_ABSOLUTE_TIMEOUT seconds after signing in however
# active (one working day). The cookie and the database row need not outlive the latter.
SESSION_IDLE_TIMEOUT = env.int("SESSION_IDLE_TIMEOUT", default=30 * 60)
SESSION_ABSOLUTE_TIMEOUT = env.int("SESSION_ABSOLUTE_TIMEOUT", default=10 * 60 * 60)
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=SESSION_ABSOLUTE_TIMEOUT)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Sign-in throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one user
# from one address, that user is refused from that address for AXES_COOLOFF_MINUTES.
# Username and address together, so a colleague behind the same office NAT still signs in
# and the user can still sign in from elsewhere. Attempts live in the database so the
# lockout holds on every app server.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_MINUTES = env.int("AXES_COOLOFF_MINUTES", default=15)
AXES_COOLOFF_TIME = timedelta(minutes=AXES_COOLOFF_MINUTES)
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
AXES_CLIENT_IP_CALLABLE = "accounts.client_ip.client_ip"
# How many reverse proxies (nginx) append to X-Forwarded-For in front of the app: the
# client's address is the one the outermost of them appended, never one the browser sent.
# 0 means no proxy: REMOTE_ADDR is the client (runserver, tests).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0 if DEBUG else 1)

# Internationalisation: Chinese by default, English available.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
# Evidence attachments. With several app servers MEDIA_ROOT must be storage
# they all mount (NFS or similar): see docs/deployment.md. Files are served
# by a view that checks access, never by nginx directly.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
FILE_UPLOAD_PERMISSIONS = 0o640
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o750
# An evidence upload takes at most 10 files at once (the view says so in
# words); past this bound Django refuses the request before any view runs.
DATA_UPLOAD_MAX_NUMBER_FILES = 30
# Form fields other than files, together (Django's default, 2.5 MB, stated so it is seen):
# the largest is a work report pasted as text, some tens of KB. Files do not count here;
# the views cap them (10 MB for a plan document or an update workbook, 20 MB for each
# evidence file) and nginx's client_max_body_size caps the whole request.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# How many fields, together (Django's default is 1,000): the owners table of a plan
# import sends two boxes a task when the browser runs no script, and a 分解表 may have a
# few thousand tasks. The memory bound above still caps the request.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# An uploaded file larger than this is spooled to a temporary file instead of memory,
# so a 20 MB upload does not sit in a worker's memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            # WhiteNoise's CompressedManifestStaticFilesStorage, its URLs worked out once.
            else "config.static.StaticFilesStorage"
        )
    },
}

DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5.html"
DJANGO_TABLES2_TABLE_ATTRS = {"class": "table table-sm table-hover align-middle"}

# Messages ("saved", "returned") travel in a signed cookie, falling back to the
# session only when one is too long: kept in the session, every save would
# write the session row twice (adding the message, then showing it).
MESSAGE_STORAGE = "django.contrib.messages.storage.fallback.FallbackStorage"

# While the data keeps changing (the end-of-quarter rush: several saves a
# second), the dashboard recomputes its figures at most once every this many
# seconds and shows when they were computed; 0 recomputes after every change.
DASHBOARD_MAX_LAG = env.int("DASHBOARD_MAX_LAG", default=2)

# Caches shared by every app server: tables in the database, created by `migrate`
# (migration targets 0005 on a new database, targets.apps.create_cache_tables after
# every migrate for a table added later). Two, so that one cannot cull the other:
# - default: the cockpit's figures, its ranking and its page, and the locks that
#   keep a stampede off them (targets/selectors/dashboard_cache.py), keyed by plan,
#   quarter, scope and language: a few hundred entries however many goals are read;
# - pages: the goal and department pages' kept content (targets/selectors/page_cache.py),
#   one per page, scope, language and data fingerprint. A 2,000-goal district read
#   by its ~100 departments (a goal's lead and supporting departments) and the
#   office, leaders and admins (three scopes that see every goal) has ~10,000 goal
#   pages and ~400 department pages to keep; entries live TIMEOUT seconds, so at the
#   end of a quarter only those read in the last five minutes are there. A database
#   cache culls when a write finds more than MAX_ENTRIES: first the expired, then a
#   third (CULL_FREQUENCY) of the rest in key order, which the keys' hash makes random
#   (the pages' cache counts on one write in COUNT_EVERY: config/cache.py).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "luoshi_cache",
        "TIMEOUT": 600,
        "OPTIONS": {"MAX_ENTRIES": 2000},
    },
    "pages": {
        # Written in one statement, counted and culled on one write in COUNT_EVERY
        # (config/cache.py): at most 16 entries per app server past MAX_ENTRIES.
        "BACKEND": "config.cache.UpsertDatabaseCache",
        "LOCATION": "luoshi_page_cache",
        "TIMEOUT": 300,
        "OPTIONS": {"MAX_ENTRIES": 12000, "CULL_FREQUENCY": 3, "COUNT_EVERY": 16},
    },
}

# Production hardening. nginx terminates TLS and sets X-Forwarded-Proto.
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
# The HSTS preload list is for public domains; an intranet host cannot join it.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Sent by config.middleware.ContentSecurityPolicyMiddleware. Every script is a static file
# (chart data goes in through json_script, which is not executed); inline style attributes
# remain (bar widths, indents, ECharts tooltips), hence 'unsafe-inline' for styles only.
# Bootstrap's CSS draws some icons as data: images.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="luoshi@localhost")

# Notifications (docs/deployment.md, "Notifications"): the days before a period's due date
# that its departments are told it approaches (NOTIFY_DUE_DAYS=3,1), and how the worker
# (manage.py send_notifications) retries: the first wait (seconds), doubled after each
# failure up to NOTIFY_RETRY_MAX, and the age (seconds) after which a message is given up;
# the messages a group robot takes per minute (the platforms allow about 20); how many
# events go into one robot message; the HTTP timeout; how long a worker's claim holds.
NOTIFY_DUE_DAYS = tuple(env.list("NOTIFY_DUE_DAYS", cast=int, default=[3, 1]))
NOTIFY_RETRY_BASE = env.float("NOTIFY_RETRY_BASE", default=30)
NOTIFY_RETRY_MAX = env.float("NOTIFY_RETRY_MAX", default=3600)
NOTIFY_MAX_AGE = env.float("NOTIFY_MAX_AGE", default=2 * 24 * 3600)
NOTIFY_ROBOT_PER_MINUTE = env.int("NOTIFY_ROBOT_PER_MINUTE", default=20)
NOTIFY_BATCH_SIZE = env.int("NOTIFY_BATCH_SIZE", default=10)
NOTIFY_TIMEOUT = env.float("NOTIFY_TIMEOUT", default=10)
NOTIFY_LEASE = env.float("NOTIFY_LEASE", default=120)

# The site's address as people type it (https://luoshi.district.gov.cn/), printed on the slips
# of first passwords; empty: the address the administrator's browser used.
SITE_URL = env.str("SITE_URL", default="")

# The quarterly bulletin (督查通报) as the office issues it: the issuing office (e.g.
# 洪山区人民政府督查室; 区政府督查室 when empty), its issue number (文号) with {year},
# {quarter} (3) or {quarter_cn} (三), e.g. 洪督通〔{year}〕{quarter}号, and the 版记:
# whom it is copied to (抄送, none when empty) and the office that prints it (印发机关,
# the issuing office when empty). docs/deployment.md, "Settings you may change".
BULLETIN_OFFICE = env.str("BULLETIN_OFFICE", default="")
BULLETIN_ISSUE_NUMBER = env.str("BULLETIN_ISSUE_NUMBER", default="督查通报〔{year}〕第{quarter}期")
BULLETIN_COPY_TO = env.str("BULLETIN_COPY_TO", default="")
BULLETIN_PRINTED_BY = env.str("BULLETIN_PRINTED_BY", default="")
try:
    BULLETIN_ISSUE_NUMBER.format(year=2023, quarter=3, quarter_cn="三")
except (KeyError, IndexError, ValueError) as error:
    raise ImproperlyConfigured(
        f"BULLETIN_ISSUE_NUMBER may use {{year}}, {{quarter}} and {{quarter_cn}} only "
        f"(found {error!s} in {BULLETIN_ISSUE_NUMBER!r})."
    ) from None

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
    "loggers": {
        # Every audit log entry, one line each, when AUDIT_LOG_STDOUT is on: journald or
        # rsyslog can then send them to a log server off the machine (docs/security.md).
        "luoshi.audit": {
            "handlers": ["console"],
            "level": "INFO" if env.bool("AUDIT_LOG_STDOUT", default=False) else "WARNING",
            "propagate": False,
        },
    },
}
