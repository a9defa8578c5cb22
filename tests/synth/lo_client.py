"""The test process's side of lo_bridge.py: one bridge (and so one soffice) per process, started on
first use, restarted after a timeout or a crash, shut down at exit."""

from __future__ import annotations

import atexit
import json
import os
import select
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

BRIDGE = Path(__file__).with_name("lo_bridge.py")
SYSTEM_PYTHON = "/usr/bin/python3"  # Debian's, the one python3-uno is built for
FIRST_TIMEOUT = 180.0  # seconds: the first document waits for soffice to make a fresh profile
TIMEOUT = 60.0  # seconds per document afterwards


class LibreOfficeError(RuntimeError):
    pass


class Bridge:
    def __init__(self):
        self.proc: subprocess.Popen | None = None
        self.profile: str | None = None
        self.fresh = True

    def start(self):
        self.profile = tempfile.mkdtemp(prefix="roadmap-lo-profile-")
        # A session of its own, so that a timeout ends the bridge and its soffice together.
        self.proc = subprocess.Popen([SYSTEM_PYTHON, str(BRIDGE), self.profile], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True, start_new_session=True)
        self.fresh = True

    def stop(self, kill: bool = False):
        if self.proc is None:
            return
        if not kill:
            try:
                self.proc.stdin.close()  # the bridge terminates soffice at the end of its input
                self.proc.wait(20)
            except (OSError, subprocess.TimeoutExpired):
                kill = True
        if kill:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)  # our own process group: the bridge and its soffice
            except ProcessLookupError:
                pass
            self.proc.wait()
        shutil.rmtree(self.profile, ignore_errors=True)
        self.proc = None

    def ask(self, request: dict) -> dict:
        """Send one request and wait for its answer, restarting the bridge once when it hangs or dies."""
        for attempt in (1, 2):
            if self.proc is None or self.proc.poll() is not None:
                self.stop(kill=True)
                self.start()
            try:
                answer = self._exchange(request, FIRST_TIMEOUT if self.fresh else TIMEOUT)
                self.fresh = False
                return answer
            except LibreOfficeError:
                self.stop(kill=True)
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def _exchange(self, request: dict, timeout: float) -> dict:
        try:
            self.proc.stdin.write(json.dumps(request) + "\n")
            self.proc.stdin.flush()
        except BrokenPipeError:
            raise LibreOfficeError("the LibreOffice bridge died") from None
        if not select.select([self.proc.stdout], [], [], timeout)[0]:  # the bridge answers in whole lines
            raise LibreOfficeError(f"LibreOffice took longer than {timeout:.0f} s on {request.get('fodt')}")
        line = self.proc.stdout.readline()
        if not line:
            raise LibreOfficeError(f"the LibreOffice bridge died (exit status {self.proc.poll()})")
        return json.loads(line)


_bridge: Bridge | None = None


def convert(fodt: Path, pdf: Path, probe: list[dict] = (), break_chars: str = "") -> dict:
    """Typeset `fodt` into `pdf`; returns the bridge's answer (pages of every paragraph, see lo_bridge)."""
    global _bridge
    if _bridge is None:
        if not os.path.exists(SYSTEM_PYTHON) or not shutil.which("soffice"):
            raise LibreOfficeError("LibreOffice is missing: apt-get install libreoffice-writer-nogui python3-uno")
        _bridge = Bridge()
        atexit.register(_bridge.stop)
    answer = _bridge.ask({"fodt": str(fodt), "pdf": str(pdf), "probe": list(probe), "break_chars": break_chars})
    if not answer.get("ok"):
        raise LibreOfficeError(answer.get("error", "unknown error"))
    return answer
