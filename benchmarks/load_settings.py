"""Settings of the load test (benchmarks/load_wizard.sh): production's, served over plain HTTP.

Everything comes from config.settings.production and the environment the script sets (SECRET_KEY,
ALLOWED_HOSTS, DATABASE_URL, CACHE_URL, the rate limits). Only what plain HTTP on the loopback
needs differs: a client does not send Secure cookies over HTTP, so the session and CSRF cookies
drop that flag (TLS is the proxy's job in production and costs the app nothing). The filesystem
broker and static files get folders of their own, so the run leaves the developer's alone.
"""

from config.settings.production import *  # noqa: F403
from config.settings.production import VAR_DIR

SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False

STATIC_ROOT = VAR_DIR / "load" / "static"
_broker = str(VAR_DIR / "load" / "broker")
CELERY_BROKER_URL = "filesystem://"
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "data_folder_in": _broker,
    "data_folder_out": _broker,
    "control_folder": str(VAR_DIR / "load" / "control"),  # else ./control in the working directory
}
