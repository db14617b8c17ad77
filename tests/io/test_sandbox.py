"""
``files.sandbox.run_limited``: a parse in a child process under a ceiling of
memory and time. What the child returns or refuses comes back as if it had
run here; a child that runs out of memory or time, or crashes, ends alone
and is reported as ``ParseFailed``, and this process goes on.
"""

import os

import pytest

from targets.io.files import DocumentError
from targets.io.files.sandbox import ParseFailed, run_limited


def test_what_the_child_returns_comes_back():
    assert run_limited(lambda: {"rows": [["序号", 1.0]], "pid": os.getpid()})["rows"] == [
        ["序号", 1.0]
    ]
    assert run_limited(os.getpid) != os.getpid()  # it did run elsewhere


def test_a_refusal_in_the_child_is_the_same_refusal_here():
    def refuse():
        raise DocumentError("too_many_rows", "More than %(limit)s rows.", limit="100")

    with pytest.raises(DocumentError) as caught:
        run_limited(refuse)
    assert (caught.value.code, caught.value.params, str(caught.value)) == (
        "too_many_rows",
        {"limit": "100"},
        "More than 100 rows.",
    )


def test_a_child_that_asks_for_too_much_memory_ends_alone():
    with pytest.raises(ParseFailed) as caught:
        run_limited(lambda: bytearray(512 * 1024 * 1024), memory_bytes=64 * 1024 * 1024)
    assert caught.value.reason == "memory"
    assert run_limited(lambda: 1) == 1  # and this process goes on


def test_a_child_that_runs_for_ever_is_stopped():
    def spin():
        while True:
            pass

    with pytest.raises(ParseFailed) as caught:
        run_limited(spin, cpu_seconds=1, wall_seconds=10)
    assert caught.value.reason == "time"


def test_a_child_that_crashes_ends_alone():
    with pytest.raises(ParseFailed) as caught:
        run_limited(os.abort)
    assert caught.value.reason in ("memory", "crash")  # an abort is what Rust does on either
    with pytest.raises(ParseFailed) as caught:
        run_limited(lambda: 1 / 0)
    assert caught.value.reason == "crash"
