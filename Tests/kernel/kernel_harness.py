"""Start a real `swiftnx kernel -f` process and talk to it with jupyter_client."""
from __future__ import annotations

import os
import queue
import shutil
import subprocess
import tempfile
import time
import uuid

from jupyter_client import BlockingKernelClient
from jupyter_client.connect import write_connection_file


class KernelProcess:
    """One kernel on a fresh loopback connection file, with a connected client."""

    def __init__(self, binary: str, key: bytes | None = None):
        self.dir = tempfile.mkdtemp(prefix="swiftnx-kernel-")
        self.connection_file = os.path.join(self.dir, "connection.json")
        self.key = key if key is not None else uuid.uuid4().hex.encode()
        _, self.info = write_connection_file(self.connection_file, ip="127.0.0.1", key=self.key)
        self.stderr_path = os.path.join(self.dir, "stderr.log")
        self._stderr = open(self.stderr_path, "w")
        self.process = subprocess.Popen(
            [binary, "kernel", "-f", self.connection_file],
            stdout=subprocess.DEVNULL, stderr=self._stderr, start_new_session=True)
        self.client = BlockingKernelClient(connection_file=self.connection_file)
        self.client.load_connection_file()
        self.client.start_channels()
        self.client.wait_for_ready(timeout=20)
        self.drain_iopub()

    @property
    def stderr(self) -> str:
        with open(self.stderr_path) as f:
            return f.read()

    def close(self) -> None:
        try:
            if self.process.poll() is None:
                self.control("shutdown_request", {"restart": False}, timeout=3)
                self.process.wait(timeout=5)
        except Exception:
            pass
        finally:
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait()
            self.client.stop_channels()
            self._stderr.close()
            shutil.rmtree(self.dir, ignore_errors=True)

    # -- requests -------------------------------------------------------------

    def shell_reply(self, msg_id: str, timeout: float = 10) -> dict:
        """The shell reply to `msg_id`, skipping replies to other requests."""
        deadline = time.monotonic() + timeout
        while True:
            msg = self.client.get_shell_msg(timeout=max(deadline - time.monotonic(), 0.01))
            if msg["parent_header"].get("msg_id") == msg_id:
                return msg

    def control(self, msg_type: str, content: dict | None = None, timeout: float = 10) -> dict:
        msg = self.client.session.msg(msg_type, content or {})
        self.client.control_channel.send(msg)
        deadline = time.monotonic() + timeout
        while True:
            reply = self.client.control_channel.get_msg(timeout=max(deadline - time.monotonic(), 0.01))
            if reply["parent_header"].get("msg_id") == msg["header"]["msg_id"]:
                return reply

    def shell(self, msg_type: str, content: dict | None = None, timeout: float = 10) -> dict:
        msg = self.client.session.msg(msg_type, content or {})
        self.client.shell_channel.send(msg)
        return self.shell_reply(msg["header"]["msg_id"], timeout)

    def iopub_until_idle(self, msg_id: str, timeout: float = 10) -> list[dict]:
        """IOPub messages parented to `msg_id`, up to and including its idle status."""
        deadline = time.monotonic() + timeout
        found = []
        while True:
            msg = self.client.get_iopub_msg(timeout=max(deadline - time.monotonic(), 0.01))
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            found.append(msg)
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                return found

    def execute(self, code: str, timeout: float = 10, **options) -> tuple[dict, list[dict]]:
        """Runs a cell; returns its execute_reply and its IOPub messages (through idle)."""
        msg_id = self.client.execute(code, **options)
        reply = self.shell_reply(msg_id, timeout)
        return reply, self.iopub_until_idle(msg_id, timeout)

    def drain_iopub(self, quiet: float = 0.2) -> list[dict]:
        found = []
        while True:
            try:
                found.append(self.client.get_iopub_msg(timeout=quiet))
            except queue.Empty:
                return found


def of_type(messages: list[dict], msg_type: str) -> list[dict]:
    return [m for m in messages if m["msg_type"] == msg_type]


def stream_text(messages: list[dict], name: str = "stdout") -> str:
    return "".join(m["content"]["text"] for m in of_type(messages, "stream") if m["content"]["name"] == name)


def result_text(messages: list[dict]) -> str | None:
    results = of_type(messages, "execute_result")
    return results[0]["content"]["data"].get("text/plain") if results else None
