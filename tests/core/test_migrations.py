"""Schema migrations: old files upgrade safely, with a backup, all-or-nothing, no lost rows."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.operations import Operations
from alembic.runtime.migration import MigrationContext
from sqlalchemy.orm import Session

from tests.core.conftest import a_rich_event, digest, sqlite_value
from timeline_app.core import store as st
from timeline_app.core import store_file
from timeline_app.core.models import Base
from timeline_app.core.records import EventFilter
from timeline_app.core.store import initialise_file
from timeline_app.core.store_migrate import MIGRATIONS_DIR, migrate
from timeline_app.core.store_sqlite import IMMEDIATE, make_engine

CHILDREN = ("citations", "event_actors", "event_tags", "events", "sources", "actors", "tags")
REBUILD_EVENTS = """
def upgrade():
    with op.batch_alter_table("events", recreate="always") as batch:
        batch.add_column(sa.Column("verified_by", sa.String(200), nullable=True))
"""


def populated_file(path: Path, revision: str, events: int = 12) -> Path:
    """A timeline file as version `revision` of the app would have written it."""
    initialise_file(path, label=str(path), revision=revision)
    engine = make_engine(path, read_only=False)
    try:
        with Session(engine.execution_options(**IMMEDIATE)) as session, session.begin():
            for n in range(events):
                st.add_event(session, a_rich_event(n))
    finally:
        engine.dispose()
    return path


def counts(path: Path) -> dict[str, int]:
    return {t: sqlite_value(path, f"SELECT count(*) FROM {t}") for t in CHILDREN}


def checksums(path: Path, skip_columns: frozenset[str] | set[str] = frozenset()) -> dict[str, str]:
    """A digest of every row of every data table (what a user's work consists of)."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        result = {}
        for table in sorted(set(tables) - {"alembic_version", "sqlite_sequence"}):
            names = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
            columns = ", ".join(n for n in names if n not in skip_columns)
            rows = conn.execute(f"SELECT {columns} FROM {table} ORDER BY 1, 2").fetchall()
            result[table] = hashlib.sha256(repr(rows).encode()).hexdigest()
        return result
    finally:
        conn.close()


def schema_sql(path: Path) -> list[tuple[str, str]]:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT name, sql FROM sqlite_master ORDER BY name").fetchall()
    finally:
        conn.close()


TEST_STEP = "9999"


def scripts_with(tmp_path: Path, upgrade_body: str) -> Path:
    """Our migration scripts plus a test-only revision TEST_STEP after the head."""
    location = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, location, ignore=shutil.ignore_patterns("__pycache__"))
    (location / "versions" / "9999_test_step.py").write_text(
        "import sqlalchemy as sa\nfrom alembic import op\n\n"
        f'revision = "{TEST_STEP}"\ndown_revision = "{st.head_revision()}"\n'
        "branch_labels = None\ndepends_on = None\n\n"
        f"{upgrade_body}\n\ndef downgrade():\n    pass\n"
    )
    return location


def run_migration(path: Path, target: str, **kwargs) -> str | None:
    engine = make_engine(path, read_only=False)
    try:
        return migrate(engine, target, label=str(path), **kwargs)
    finally:
        engine.dispose()


def test_a_first_version_file_is_backed_up_then_upgraded(tmp_path):
    """Opening an old file would lose citations or leave no way back if the upgrade went wrong."""
    path = populated_file(tmp_path / "aleppo.ctl", "0001")
    before = counts(path)
    assert before["citations"] == 24 and before["event_actors"] == 24
    with st.TimelineStore.open(path) as store:
        backup = store.upgrade_backup
        assert store.schema_version() == st.head_revision() != "0001"
        with store.write() as session:
            st.save_view(session, "after upgrade", EventFilter())
            assert st.counts(session)["events"] == 12
    assert backup is not None and backup.parent == path.parent
    assert backup.name.startswith("aleppo.backup-0001-") and backup.suffix == ".ctl"
    assert sqlite_value(backup, "SELECT version_num FROM alembic_version") == "0001"
    assert st.integrity_check(backup) == []
    assert counts(backup) == before
    assert counts(path) == before
    assert sqlite_value(path, "SELECT value FROM meta WHERE key='schema_version'") == (
        st.head_revision()
    )
    with st.TimelineStore.open(path) as store:
        assert store.upgrade_backup is None  # already current: no second backup
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([path.name, backup.name])


def test_an_old_file_opened_read_only_is_not_upgraded(tmp_path):
    """Viewing an old file read-only would modify it anyway."""
    path = populated_file(tmp_path / "old.ctl", "0001", events=2)
    content = digest(path)
    with pytest.raises(st.OlderSchemaError, match="older file format"):
        st.TimelineStore.open(path, read_only=True)
    with pytest.raises(st.OlderSchemaError):
        st.TimelineStore.open(path, upgrade=False)
    assert digest(path) == content and [p.name for p in tmp_path.iterdir()] == ["old.ctl"]


def test_models_and_migrations_describe_the_same_schema(tmp_path):
    """A model change without a migration would crash on every existing file."""
    migrated = tmp_path / "migrated.ctl"
    st.TimelineStore.create(migrated).close()
    engine = sa.create_engine(f"sqlite:///{migrated}")
    declared = sa.create_engine("sqlite://")
    Base.metadata.create_all(declared)
    try:
        with engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
        a, b = sa.inspect(engine), sa.inspect(declared)
        for table in Base.metadata.tables:
            for what in (
                "get_columns",
                "get_pk_constraint",
                "get_foreign_keys",
                "get_indexes",
                "get_unique_constraints",
                "get_check_constraints",
            ):
                got, want = getattr(a, what)(table), getattr(b, what)(table)
                key = repr
                assert sorted(map(key, got)) == sorted(map(key, want)), (table, what)
    finally:
        engine.dispose()
        declared.dispose()


def test_rebuilding_the_events_table_keeps_every_child_row(tmp_path):
    """A future migration that alters events would silently delete all citations and links."""
    path = populated_file(tmp_path / "t.ctl", "head")
    before, data = counts(path), checksums(path)
    assert run_migration(path, "head", script_location=scripts_with(tmp_path, REBUILD_EVENTS)) == (
        TEST_STEP
    )
    assert counts(path) == before
    after = checksums(path, skip_columns={"verified_by"})
    assert {k: v for k, v in after.items() if k != "meta"} == {
        k: v for k, v in data.items() if k != "meta"
    }
    ddl = dict(schema_sql(path))
    assert "verified_by" in ddl["events"]
    for name in ("ck_events_start_bounds", "ck_events_status", "fk_events_category_id"):
        assert name in ddl["events"], f"{name} lost in the rebuild"
    for index in ("ix_events_lo_hi", "ix_events_hi", "ix_events_category_lo"):
        assert index in ddl
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        conn.close()


def test_the_same_rebuild_with_foreign_keys_on_would_lose_rows(tmp_path):
    """(Control) the test above would pass vacuously if the cascade trap did not exist."""
    path = populated_file(tmp_path / "t.ctl", "head", events=3)
    engine = make_engine(path, read_only=False)
    try:
        with engine.begin() as conn:
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            context = MigrationContext.configure(conn, opts={"render_as_batch": True})
            with Operations(context).batch_alter_table("events", recreate="always") as batch:
                batch.add_column(sa.Column("verified_by", sa.String(200)))
    finally:
        engine.dispose()
    assert counts(path)["citations"] == 0 and counts(path)["events"] == 3


def test_an_error_mid_migration_changes_nothing(tmp_path):
    """A crash during an upgrade would leave a half-migrated, unreadable file."""
    path = populated_file(tmp_path / "t.ctl", "head", events=4)
    data, ddl = checksums(path), schema_sql(path)
    failing = (
        REBUILD_EVENTS + '    op.execute("DELETE FROM tags")\n    raise RuntimeError("boom")\n'
    )
    with pytest.raises(st.MigrationError, match=r"left unchanged.*boom"):
        run_migration(path, "head", script_location=scripts_with(tmp_path, failing))
    assert checksums(path) == data and schema_sql(path) == ddl
    assert sqlite_value(path, "SELECT version_num FROM alembic_version") == st.head_revision()


def test_a_migration_that_breaks_references_is_rolled_back(tmp_path):
    """A buggy migration could leave citations pointing at events that no longer exist."""
    path = populated_file(tmp_path / "t.ctl", "head", events=4)
    data = checksums(path)
    orphaning = 'def upgrade():\n    op.execute("DELETE FROM events WHERE id = 2")\n'
    with pytest.raises(st.MigrationError, match="broken reference"):
        run_migration(path, "head", script_location=scripts_with(tmp_path, orphaning))
    assert checksums(path) == data
    assert sqlite_value(path, "SELECT version_num FROM alembic_version") == st.head_revision()


def test_a_failed_upgrade_on_open_keeps_the_old_file_and_its_backup(tmp_path, monkeypatch):
    """A failed upgrade would leave the user with neither the old file nor a copy."""
    path = populated_file(tmp_path / "t.ctl", "0001", events=3)
    data = checksums(path)
    broken = scripts_with(tmp_path, 'def upgrade():\n    raise RuntimeError("disk full")\n')
    real = st.migrate

    def broken_migrate(*args, **kwargs):
        return real(*args, **kwargs, script_location=broken)

    monkeypatch.setattr(store_file, "migrate", broken_migrate)
    with pytest.raises(st.MigrationError, match="disk full"):
        st.TimelineStore.open(path)
    assert checksums(path) == data
    assert sqlite_value(path, "SELECT version_num FROM alembic_version") == "0001"
    backups = list(tmp_path.glob("t.backup-0001-*.ctl"))
    assert len(backups) == 1 and checksums(backups[0]) == data


def test_upgrade_downgrade_upgrade_round_trip_keeps_data(tmp_path):
    """Downgrading for a colleague with an older app, then upgrading again, would lose data."""
    path = populated_file(tmp_path / "t.ctl", "head")
    data = checksums(path)
    assert run_migration(path, "0001", downgrade=True) == "0001"
    assert "saved_views" not in checksums(path)
    assert run_migration(path, "head") == st.head_revision()
    assert checksums(path) == data
    assert st.integrity_check(path) == []
