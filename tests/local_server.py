"""A real HTTP server on 127.0.0.1 for transport tests: one handler for every Bot API method."""

from __future__ import annotations

from aiohttp import web


async def serve(handler, *, every_path: bool = False) -> tuple[web.AppRunner, str]:
    """Start it; return the runner (call `cleanup()`) and the Bot API base URL for token 1:x.

    `every_path`: the handler takes any method and path, as an HTTP proxy must.
    """
    app = web.Application()
    if every_path:
        app.router.add_route("*", "/{tail:.*}", handler)
    else:
        app.router.add_post("/bot1:x/{method}", handler)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    return runner, f"http://127.0.0.1:{runner.addresses[0][1]}/bot1:x"


def origin_of(runner: web.AppRunner) -> str:
    """http://127.0.0.1:<port> of a running server, e.g. to use it as a proxy URL."""
    return f"http://127.0.0.1:{runner.addresses[0][1]}"
