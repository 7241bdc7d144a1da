"""Schema versioning: a fresh database gets every migration; an old one is upgraded in place."""

import sqlite3

import pytest

from bot.storage import schema
from bot.storage.schema import SCHEMA_VERSION, SchemaTooNewError, connect


def test_fresh_database_is_current_and_in_wal_mode(tmp_path):
    conn = connect(tmp_path / "q.sqlite3")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"turns", "topics", "interviews", "user_prefs", "chat_prefs", "meta"} <= tables


def test_migration_keeps_preferences(tmp_path, monkeypatch):
    path = tmp_path / "q.sqlite3"
    connect(path).execute("INSERT INTO user_prefs (user_id, language) VALUES (7, 'zh-hant')").connection.commit()
    added = "ALTER TABLE user_prefs ADD COLUMN note TEXT;"
    monkeypatch.setattr(schema, "MIGRATIONS", (*schema.MIGRATIONS, added))
    monkeypatch.setattr(schema, "SCHEMA_VERSION", len(schema.MIGRATIONS))
    conn = connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1
    assert conn.execute("SELECT language, note FROM user_prefs WHERE user_id = 7").fetchone()[:] == ("zh-hant", None)


def test_a_failed_migration_changes_nothing(tmp_path, monkeypatch):
    path = tmp_path / "q.sqlite3"
    connect(path).close()
    monkeypatch.setattr(schema, "MIGRATIONS", (*schema.MIGRATIONS, "CREATE TABLE x (a); SELECT * FROM nope;"))
    monkeypatch.setattr(schema, "SCHEMA_VERSION", len(schema.MIGRATIONS))
    with pytest.raises(sqlite3.OperationalError):
        connect(path)
    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA user_version").fetchone()[0] == len(schema.MIGRATIONS) - 1
    assert raw.execute("SELECT count(*) FROM sqlite_master WHERE name = 'x'").fetchone()[0] == 0


def test_database_from_a_newer_bot_is_refused(tmp_path):
    path = tmp_path / "q.sqlite3"
    raw = sqlite3.connect(path)
    raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    raw.close()
    with pytest.raises(SchemaTooNewError):
        connect(path)


def test_a_first_release_database_gains_search_sessions_and_keeps_preferences(tmp_path, monkeypatch):
    path = tmp_path / "q.sqlite3"
    with monkeypatch.context() as first_release:
        first_release.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:1])
        first_release.setattr(schema, "SCHEMA_VERSION", 1)
        connect(path).execute("INSERT INTO chat_prefs (chat_id, language) VALUES (-100, 'en')").connection.commit()
    conn = connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION >= 2
    assert conn.execute("SELECT language FROM chat_prefs WHERE chat_id = -100").fetchone()[0] == "en"
    assert conn.execute("SELECT count(*) FROM search_sessions").fetchone()[0] == 0
