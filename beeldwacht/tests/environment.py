"""Loaded by pytest before Django starts (see `-p` in pyproject.toml): tests run with
production settings (DEBUG off), so they need a secret key of their own."""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-not-secret")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs a loop
