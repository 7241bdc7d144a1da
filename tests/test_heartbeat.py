"""The polling heartbeat (bot/heartbeat.py): written after good getUpdates, read by the health check."""

import os
import time

import pytest

from bot import heartbeat
from bot.cli import main
from bot.heartbeat import HeartbeatRequest, check, with_heartbeat
from tests.offline_request import OfflineRequest


class Answering(OfflineRequest):
    """Answers every call with `status`."""

    def __init__(self, status: int = 200) -> None:
        super().__init__([])
        self.status = status

    async def do_request(self, url, method, request_data=None, **timeouts):
        _, payload = await super().do_request(url, method, request_data, **timeouts)
        return self.status, payload


URL = "http://127.0.0.1:9/bot1:x"


async def test_a_good_poll_touches_the_file_at_most_every_few_seconds(tmp_path, monkeypatch):
    path = tmp_path / "data" / "heartbeat"
    request = HeartbeatRequest(Answering(), path)
    await request.do_request(f"{URL}/getMe", "POST")
    assert not path.exists()  # only a poll proves polling works
    await request.do_request(f"{URL}/getUpdates", "POST")
    assert path.exists()
    os.utime(path, (0, 0))
    await request.do_request(f"{URL}/getUpdates", "POST")
    assert path.stat().st_mtime == 0  # within EVERY_SECONDS: the disk is spared
    monkeypatch.setattr(heartbeat, "EVERY_SECONDS", 0.0)  # as if that much time had passed
    await request.do_request(f"{URL}/getUpdates", "POST")
    assert path.stat().st_mtime > 0


async def test_a_failed_poll_does_not_touch_it(tmp_path):
    path = tmp_path / "heartbeat"
    await HeartbeatRequest(Answering(502), path).do_request(f"{URL}/getUpdates", "POST")
    assert not path.exists()


def test_without_a_file_the_request_is_unchanged():
    request = Answering()
    assert with_heartbeat(request, None) is request


def test_check_reads_its_age(tmp_path):
    path = tmp_path / "heartbeat"
    assert check(path)[0] is False
    path.touch()
    assert check(path) == (True, "healthy")
    os.utime(path, (time.time() - heartbeat.MAX_AGE_SECONDS - 1,) * 2)
    healthy, line = check(path)
    assert not healthy and line.startswith("unhealthy")
    assert check(None)[0] is True


@pytest.mark.parametrize("fresh", [True, False])
def test_quotebot_healthcheck_exit_status(tmp_path, monkeypatch, capsys, fresh):
    path = tmp_path / "heartbeat"
    if fresh:
        path.touch()
    monkeypatch.chdir(tmp_path)  # no .env here
    monkeypatch.setenv("HEARTBEAT_FILE", str(path))
    monkeypatch.delenv("WEBHOOK_URL", raising=False)
    assert main(["healthcheck"]) == (0 if fresh else 1)
    assert capsys.readouterr().out.startswith("healthy" if fresh else "unhealthy")
