"""Settings of the gunicorn process serving the list benchmarks' pages (bench/serving.py):
the benchmarks' (bench.settings), with the cache the benchmark chose."""

import os

from bench.settings import *  # noqa: F403

from .serving import PREFIX_VARIABLE, cache_choice, caches

CACHES = caches(cache_choice(), os.environ[PREFIX_VARIABLE])
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
