"""An app server freezes what its first requests made, and again as they double."""

import gc

import pytest
from django.core.signals import request_finished

from config import collector


@pytest.fixture
def fresh_collector(monkeypatch):
    monkeypatch.setattr(collector, "WARM_REQUESTS", 3)
    monkeypatch.setattr(collector, "_served", 0)
    gc.unfreeze()
    collector.freeze_after_warm_up()
    yield
    request_finished.disconnect(dispatch_uid="config.collector")
    gc.unfreeze()


def test_a_worker_freezes_after_its_first_requests_and_at_each_doubling():
    freezes = [n for n in range(1, 5000) if collector.freezes_at(n)]
    assert freezes == [200, 400, 800, 1600, 3200]


def test_what_the_first_requests_made_is_frozen_until_they_double(fresh_collector, client):
    for _ in range(2):
        client.get("/accounts/login/")
    assert gc.get_freeze_count() == 0

    client.get("/accounts/login/")
    frozen = gc.get_freeze_count()
    assert frozen > 0

    kept = [[n] for n in range(1000)]  # made after the freeze: not frozen until the 6th request
    for _ in range(2):
        client.get("/accounts/login/")
    # Frozen objects freed since leave it; a freeze would have added the 1,000 lists.
    assert gc.get_freeze_count() <= frozen

    client.get("/accounts/login/")  # the 6th: twice the first freeze's
    assert gc.get_freeze_count() >= frozen + len(kept) - 100


def test_the_wsgi_application_freezes_after_its_warm_up():
    import config.wsgi  # noqa: F401 (connects the receiver, as gunicorn's import does)

    try:
        assert any(
            "config.collector" in str(key) for key, _receiver, *_ in request_finished.receivers
        )
    finally:
        request_finished.disconnect(dispatch_uid="config.collector")
