"""Loaded by pytest before Django starts (see `-p` in pyproject.toml): tests run with
production settings (DEBUG off), so they need a secret key of their own, and they write
uploads and renditions to a temporary folder that is removed afterwards."""

import atexit
import os
import shutil
import tempfile

os.environ.setdefault("SECRET_KEY", "tests-only-not-secret")
os.environ.setdefault("AUDIT_KEY", "tests-only-audit-key")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs a loop
# The test client and the live server speak plain HTTP: no redirect to HTTPS (the deploy
# check, beeldwacht/tests/test_deploy_settings.py, runs with it on).
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")

_files = tempfile.mkdtemp(prefix="beeldwacht-tests-")
atexit.register(shutil.rmtree, _files, ignore_errors=True)
os.environ["MEDIA_ROOT"] = os.path.join(_files, "media")
os.environ["PRIVATE_ROOT"] = os.path.join(_files, "private")
os.environ["AUDIT_ANCHOR_DIR"] = os.path.join(_files, "audit-anchors")
os.environ["CACHE_DIR"] = os.path.join(_files, "cache")
