"""The real services answer when scripts/test says they do (skipped otherwise, failed under CI)."""

import pytest
import redis
from django.db import connection


@pytest.mark.django_db
def test_database_is_postgresql(postgres_required):
    assert connection.vendor == "postgresql"


def test_redis_answers_ping(redis_url):
    with redis.Redis.from_url(redis_url, socket_connect_timeout=2) as client:
        assert client.ping() is True
