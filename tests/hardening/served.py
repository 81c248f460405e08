"""A real `mynews` server process on a loopback port, for tests that need the command as an
operator runs it (uvicorn's own settings, its access log, its worker)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import IO

MYNEWS = str(Path(sys.executable).with_name("mynews"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for_port(port: int, seconds: float = 60.0, process: subprocess.Popen[bytes] | None = None) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on {port}")


class Served:
    """``mynews <command>`` with ``env``; its stderr goes to ``log``."""

    def __init__(self, command: str, env: dict[str, str], log: Path, *, port: int | None = None) -> None:
        self.command, self.env, self.log = command, env, log
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None

    def start(self) -> Served:
        self._log = self.log.open("ab")
        args = [MYNEWS, self.command]
        if self.command in ("web", "serve"):
            args += ["--port", str(self.port)]
        self.process = subprocess.Popen(args, env=self.env, stdout=self._log, stderr=subprocess.STDOUT)
        if self.command in ("web", "serve"):
            wait_for_port(self.port, process=self.process)
        return self

    def kill(self) -> None:
        """SIGKILL: no clean-up, as a crash or the OOM killer would."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.kill()
        if self._log:
            self._log.close()

    def __enter__(self) -> Served:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def base_env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {
        **os.environ,
        "MYNEWS_DATA_DIR": str(data_dir),
        "MYNEWS_DATABASE_URL": "",
        "MYNEWS_REDIS_URL": "",
        "MYNEWS_SECRET_KEY": "served-test-key",
        "MYNEWS_ENRICH_ENABLED": "false",
        "OPENBLAS_NUM_THREADS": "1",
    }
    env.update(extra)
    return env
