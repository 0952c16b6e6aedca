"""Batch runs pause the cyclic collector and give it back as they found it, even when they
overlap or fail."""

from __future__ import annotations

import gc

import pytest

from mentorship.service_layer.gc_pause import collection_paused


def test_overlapping_runs_resume_collection_only_when_the_last_ends() -> None:
    assert gc.isenabled()
    with collection_paused():
        assert not gc.isenabled()
        with collection_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the first run is still building its objects
    assert gc.isenabled()


def test_a_failing_run_resumes_collection() -> None:
    with pytest.raises(RuntimeError), collection_paused():
        raise RuntimeError("solver failed")
    assert gc.isenabled()


def test_a_process_that_disabled_collection_keeps_it_disabled() -> None:
    gc.disable()
    try:
        with collection_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()
