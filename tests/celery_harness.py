"""Real components for the pipeline's end-to-end tests and benchmark: a Celery worker process on
Redis, and an SMTP server (aiosmtpd) on a free local port that records what it receives and can
refuse the first messages the way a struggling server does (451, try again later)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from threading import Lock

from aiosmtpd.controller import Controller

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class RecordingHandler:
    """Keeps every message accepted, as bytes, and the client address (host, port) of the
    connection it came over; answers 451 to the first `refuse_first` DATA commands."""

    refuse_first: int = 0
    raw: list[bytes] = field(default_factory=list)
    peers: list[tuple[str, int]] = field(default_factory=list)
    refused: int = 0
    _lock: Lock = field(default_factory=Lock)

    async def handle_DATA(self, server, session, envelope) -> str:
        with self._lock:
            if self.refused < self.refuse_first:
                self.refused += 1
                return "451 4.3.0 Temporary failure, try again later"
            self.raw.append(envelope.content)
            self.peers.append(session.peer)
        return "250 Message accepted for delivery"

    def received(self) -> list[EmailMessage]:
        """The messages accepted, parsed now: parsing is most of what the server's thread would
        do otherwise, on the cores the worker needs. A method, not a property: aiosmtpd reads
        every attribute of its handler (inspect.getmembers) for each connection."""
        return [message_from_bytes(content, policy=policy.default) for content in self.raw]


@contextmanager
def smtp_server(refuse_first: int = 0) -> Iterator[tuple[RecordingHandler, int]]:
    handler = RecordingHandler(refuse_first=refuse_first)
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler, port
    finally:
        controller.stop()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url(settings_dict: dict) -> str:
    user = settings_dict.get("USER") or "postgres"
    password = f":{settings_dict['PASSWORD']}" if settings_dict.get("PASSWORD") else ""
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{settings_dict['NAME']}"


class Worker:
    """`celery -A config worker` in a subprocess, with the project's local settings."""

    def __init__(
        self,
        env: dict[str, str],
        concurrency: int = 1,
        log: Path | None = None,
        beat: bool = False,
    ):
        self.env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.local", **env}
        self.concurrency = concurrency
        self.beat = beat  # embedded beat (-B), as ./scripts/run starts it
        self.log = log or ROOT / "var" / f"worker-{os.getpid()}.log"
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 60) -> None:
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with self.log.open("w") as log:  # the child keeps its own copy of the descriptor
            self.process = subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "config", "worker", "--loglevel=INFO",
                 f"--concurrency={self.concurrency}", "--pool=prefork", "--without-gossip",
                 "--without-mingle", "--without-heartbeat", *(["-B"] if self.beat else [])],
                cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
        wait_until(lambda: "ready." in self.log.read_text(), timeout, "the worker to be ready")

    def children(self) -> list[int]:
        """The pool's process ids (the processes that run the tasks)."""
        assert self.process is not None
        pids = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.process.pid:
                pids.append(int(stat.parent.name))
        return pids

    def kill_children(self) -> None:
        for pid in self.children():
            os.kill(pid, signal.SIGKILL)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def output(self) -> str:
        return self.log.read_text() if self.log.exists() else ""


class WebServer:
    """`manage.py runserver` in a subprocess, as ./scripts/run starts it (without the reloader)."""

    def __init__(self, env: dict[str, str], port: int, log: Path):
        self.env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.local", **env}
        self.port = port
        self.log = log
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60) -> None:
        with self.log.open("w") as log:
            self.process = subprocess.Popen(
                [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{self.port}"],
                cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
        wait_until(self._answers, timeout, "the web server to answer")

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                return True
        except OSError:
            return False

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)

    def output(self) -> str:
        return self.log.read_text() if self.log.exists() else ""


def wait_until(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise TimeoutError(f"timed out after {timeout} s waiting for {what}")


@contextmanager
def celery_producer(broker_url: str) -> Iterator[None]:
    """Make this process publish to `broker_url` for real (test settings run tasks eagerly)."""
    from config.celery_app import app

    saved = (app.conf.broker_url, app.conf.task_always_eager, app.conf.broker_transport_options)

    def switch(url: str, eager: bool, options: dict) -> None:
        app.conf.update(broker_url=url, task_always_eager=eager, broker_transport_options=options)
        app._pool = None  # connection pools are keyed by the old URL
        app.amqp._producer_pool = None

    switch(broker_url, False, {"visibility_timeout": 3600})
    try:
        yield
    finally:
        switch(*saved)
