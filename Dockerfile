# Interview Quote Bot: two stages, so compilers/caches of the build never reach the image.
#   docker build -t quotebot .
#   docker run --env-file .env -v quotebot-data:/data quotebot
# tests/test_dockerfile.py lints this file and replays it (every COPY and RUN) in a temp dir.

# ---------------------------------------------------------------- build stage
FROM python:3.11-slim-bookworm AS build

ENV PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /src
RUN python -m venv /opt/venv

# Dependencies first, from pyproject's [project].dependencies pinned by constraints.txt,
# so this layer is rebuilt only when those two files change (not on every source edit).
COPY pyproject.toml constraints.txt ./
RUN python -c 'import tomllib; print("\n".join(tomllib.load(open("pyproject.toml", "rb"))["project"]["dependencies"]))' > requirements.txt \
    && /opt/venv/bin/pip install --no-cache-dir -c constraints.txt -r requirements.txt

# Then the source, installed without touching the dependencies again.
COPY README.md ./
COPY bot/ bot/
COPY handlers/ handlers/
RUN /opt/venv/bin/pip install --no-cache-dir --no-deps .

# -------------------------------------------------------------- runtime stage
FROM python:3.11-slim-bookworm AS runtime

# A fixed numeric uid/gid, so volume ownership and `USER` agree on every host.
RUN groupadd --system --gid 10001 quotebot \
    && useradd --system --no-log-init --uid 10001 --gid quotebot \
        --home-dir /app --no-create-home --shell /usr/sbin/nologin quotebot \
    && mkdir -p /data \
    && chown quotebot:quotebot /data

# Same path as in the build stage: the venv's scripts have /opt/venv/bin/python in their #! line.
COPY --from=build /opt/venv /opt/venv
COPY seeds/ /app/seeds/

ENV PATH="/opt/venv/bin:${PATH}" \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    DATABASE_PATH=/data/quotebot.sqlite3 \
    HEARTBEAT_FILE=/data/heartbeat \
    SEEDS_DIR=/app/seeds

WORKDIR /app
USER 10001:10001
# The SQLite database and the heartbeat live here; keep it on a named volume.
VOLUME ["/data"]
# Only used in webhook mode (WEBHOOK_URL set; WEBHOOK_PORT defaults to 8443).
EXPOSE 8443

# Polling mode: healthy while getUpdates succeeded in the last 90 s; webhook mode: the port answers.
# Exec form and no arguments: the token stays in the environment, never in `docker inspect`.
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
    CMD ["quotebot", "healthcheck"]
# python-telegram-bot stops polling cleanly on SIGTERM and the process exits 0.
STOPSIGNAL SIGTERM
CMD ["quotebot", "run"]
