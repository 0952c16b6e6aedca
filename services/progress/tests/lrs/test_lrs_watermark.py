"""X-Experience-API-Consistent-Through never claims past a write still in flight."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

from progress.lrs.service_layer.watermark import StoredWatermark, stored_now


def test_stored_times_have_millisecond_precision() -> None:
    assert stored_now().microsecond % 1000 == 0


def test_idle_watermark_trails_the_clock_by_the_margin() -> None:
    watermark = StoredWatermark(timedelta(milliseconds=250))
    before = datetime.now(UTC)
    through = watermark.consistent_through()
    assert before - timedelta(milliseconds=250) <= through <= datetime.now(UTC)


def test_open_writes_hold_the_watermark_before_their_stored_time() -> None:
    watermark = StoredWatermark(timedelta(0))
    with watermark.writing() as first:
        with watermark.writing() as second:
            assert second >= first
            assert watermark.consistent_through() < first
        # The older write is still open: the claim stays before it.
        assert watermark.consistent_through() < first
    assert watermark.consistent_through() >= first


def test_a_failed_write_releases_the_watermark() -> None:
    watermark = StoredWatermark(timedelta(0))
    try:
        with watermark.writing() as stored:
            raise RuntimeError("rolled back")
    except RuntimeError:
        pass
    assert watermark.consistent_through() >= stored


async def test_a_session_write_holds_the_watermark_until_commit_or_rollback(
    tmp_path: Path,
) -> None:
    engine = create_async_engine(f"sqlite+aiosqlite:///{tmp_path / 'w.db'}")
    watermark = StoredWatermark(timedelta(0))
    try:
        for outcome in ("commit", "rollback"):
            async with AsyncSession(engine) as session:
                await session.begin()
                stored = watermark.writing_in(session)
                await session.execute(text("SELECT 1"))
                assert watermark.consistent_through() < stored
                await (session.commit() if outcome == "commit" else session.rollback())
                assert watermark.consistent_through() >= stored
    finally:
        await engine.dispose()
