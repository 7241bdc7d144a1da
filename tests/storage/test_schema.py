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


def test_an_older_corpus_gains_start_times_url_and_language_and_keeps_its_turns(tmp_path, monkeypatch):
    """The migration that widened `turns` for imported interviews copies every turn across."""
    path = tmp_path / "q.sqlite3"
    widening = next(i for i, script in enumerate(schema.MIGRATIONS) if "turns_v5" in script)
    with monkeypatch.context() as before:
        before.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:widening])
        before.setattr(schema, "SCHEMA_VERSION", widening)
        conn = connect(path)
        conn.execute("INSERT INTO interviews (id, slug, title, date, host, guest) VALUES (1, 's', 'T', '', 'H', 'G')")
        conn.execute("INSERT INTO topics (id, interview_id, key, ord, name_en, name_zh) VALUES (1, 1, 'k', 1, 'K', 'K')")
        conn.execute("INSERT INTO turns (id, interview_id, ord, role, speaker, topic_id, en, en_verbatim, zh, zh_source,"
                     " zh_machine, zh_machine_verbatim, zh_article, source) VALUES"
                     " (7, 1, 1, 'guest', 'G', 1, 'hello', 'hello', '你好', 'machine', '你好', '你好', NULL, '{}')")
        conn.commit()
        conn.close()
    conn = connect(path)
    assert [row[:] for row in conn.execute("SELECT id, en, zh_source, start FROM turns")] == [(7, "hello", "machine", None)]
    assert conn.execute("SELECT url, language FROM interviews").fetchone()[:] == ("", "en")
    conn.execute("UPDATE turns SET zh_source = 'none', zh = '', start = 12.5")  # English only, with a time
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("UPDATE turns SET zh_source = 'guessed'")
    indexes = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert "turns_topic" in indexes


def test_a_version_3_database_gains_the_side_by_side_setting_and_keeps_language_choices(tmp_path, monkeypatch):
    path = tmp_path / "q.sqlite3"
    with monkeypatch.context() as released:
        released.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:3])
        released.setattr(schema, "SCHEMA_VERSION", 3)
        connect(path).execute("INSERT INTO user_prefs (user_id, language) VALUES (7, 'zh-hant')").connection.commit()
    conn = connect(path)
    assert conn.execute("SELECT language FROM user_prefs WHERE user_id = 7").fetchone()[0] == "zh-hant"
    conn.execute("INSERT INTO user_display_prefs (user_id, side_by_side) VALUES (7, 1)")
    with pytest.raises(sqlite3.IntegrityError):  # on or off, nothing else
        conn.execute("INSERT INTO user_display_prefs (user_id, side_by_side) VALUES (8, 2)")


def test_searches_saved_before_narrowing_existed_read_as_searches_of_every_interview(tmp_path, monkeypatch):
    """Migration 7 adds the interview a search is narrowed to; page buttons of older searches keep working."""
    path = tmp_path / "q.sqlite3"
    narrowing = next(i for i, script in enumerate(schema.MIGRATIONS) if "ADD COLUMN interview " in script)
    assert narrowing == 6  # migration 7, appended: never an edit of a released step
    with monkeypatch.context() as before:
        before.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:narrowing])
        before.setattr(schema, "SCHEMA_VERSION", narrowing)
        conn = connect(path)
        conn.execute("INSERT INTO search_sessions (id, owner, query, speaker, created_at) VALUES ('abc', 7, 'q', 'any', 1)")
        conn.commit()
        conn.close()
    conn = connect(path)
    assert conn.execute("SELECT id, query, interview FROM search_sessions").fetchone()[:] == ("abc", "q", "")
