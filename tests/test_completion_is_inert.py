"""Shell completion never runs a stored name: real bash, zsh and fish on a pseudo-terminal
complete `paintrack log 3 --med <TAB>` to a hostile medication name, the patient types the
count and presses Enter, and the diary logs that very drug while nothing else runs."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import select
import shutil
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent
# One name with every character a shell could run or split on (names refuse '=', ',' and
# control characters at entry): it must come back as this one drug.
HOSTILE = '$(touch pwned-1) `touch pwned-2`; touch pwned-3 & it\'s "q" <x> | y'
SHELLS = {
    "bash": ["bash", "--norc", "--noprofile", "-i"],
    "zsh": ["zsh", "-f", "-i"],
    "fish": ["fish", "--no-config", "-i"],
}
SETUP = {
    "bash": "source <(paintrack completion bash)",
    "zsh": "autoload -U compinit && compinit -u && source <(paintrack completion zsh)",
    "fish": "paintrack completion fish | source",
}


def _shell(name: str) -> str:
    """The shell's path; installed with apt-get when missing and allowed (CI), else a skip."""
    found = shutil.which(name)
    if found is None and os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(["apt-get", "install", "-y", "-q", name], capture_output=True, timeout=300)
        found = shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed and could not be installed (apt-get install {name})")
    return found


def _cli(env: dict[str, str], *args: str) -> str:
    r = subprocess.run(
        [str(BIN / "paintrack"), *args], env=env, capture_output=True, text=True, check=True
    )
    return r.stdout


@pytest.fixture(scope="module")
def diary(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hostile name is the only medication taken (ibuprofen is stopped, so not offered):
    `--med <TAB>` has one answer."""
    db = tmp_path_factory.mktemp("hostile") / "p.db"
    env = {**os.environ, "PAINTRACK_DB": str(db)}
    _cli(env, "course", "start", "back")
    _cli(env, "med", "add", "ibuprofen", "--kind", "nsaid")
    _cli(env, "med", "stop", "ibuprofen")
    _cli(env, "med", "add", HOSTILE, "--kind", "other")
    return db


def _controlling_terminal() -> None:
    """In the child: a session of its own with the pty as its terminal (fish needs one)."""
    os.setsid()
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


def _read_until(fd: int, wanted: bytes, timeout: float = 30) -> bytes:
    seen = b""
    end = time.monotonic() + timeout
    while wanted not in seen:
        left = end - time.monotonic()
        assert left > 0, f"waited for {wanted!r}, saw {seen[-600:]!r}"
        ready, _, _ = select.select([fd], [], [], left)
        if ready:
            try:
                seen += os.read(fd, 65536)
            except OSError:
                break
    return seen


@pytest.mark.parametrize("shell", list(SHELLS))
def test_completing_a_hostile_name_logs_that_drug_and_runs_nothing(
    shell: str, diary: Path, tmp_path: Path
) -> None:
    path = _shell(shell)
    env = {
        **os.environ,
        "PATH": f"{BIN}:{os.environ.get('PATH', '/usr/bin:/bin')}",
        "HOME": str(tmp_path),
        "TERM": "xterm",
        "NO_COLOR": "1",
        "PAINTRACK_DB": str(diary),
    }
    main, child = pty.openpty()
    proc = subprocess.Popen(
        [path, *SHELLS[shell][1:]],
        stdin=child,
        stdout=child,
        stderr=child,
        env=env,
        cwd=tmp_path,
        close_fds=True,
        preexec_fn=_controlling_terminal,
    )
    os.close(child)
    try:
        os.write(main, SETUP[shell].encode() + b"; echo READY\r")
        _read_until(main, b"READY\r\n")
        os.write(main, b"paintrack log 3 --med \t")
        _read_until(main, b"=")  # the completion is on the line
        time.sleep(0.3)
        os.write(main, b"2\r")
        seen = _read_until(main, b"Logged L")
    finally:
        os.write(main, b"exit\r")
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, 9)
        os.close(main)
    assert not list(tmp_path.glob("pwned*")), "a stored name ran as a command"
    logs = json.loads(_cli({**os.environ, "PAINTRACK_DB": str(diary)}, "history", "--json"))
    last = logs[-1]
    _cli({**os.environ, "PAINTRACK_DB": str(diary)}, "delete", last["id"], "--yes")
    assert last["doses"] == {HOSTILE: 2.0}, (shell, seen[-400:], last)


BASH_ASK = """
source <(paintrack completion bash)
while IFS= read -r line; do
  read -r -a COMP_WORDS <<< "$line"
  [[ "$line" == *" " ]] && COMP_WORDS+=("")
  COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
  COMPREPLY=()
  _paintrack_completion paintrack
  printf '%s\\x1e' "${COMPREPLY[@]}"; echo
done
"""


def test_bash_gets_each_value_quoted_chart_kinds_and_no_stopped_drug(
    diary: Path, tmp_path: Path
) -> None:
    env = {
        **os.environ,
        "PATH": f"{BIN}:{os.environ.get('PATH', '/usr/bin:/bin')}",
        "PAINTRACK_DB": str(diary),
    }
    lines = [
        "paintrack log --med ",
        "paintrack chart ",
        "paintrack chart s",
        "paintrack log --red-flag s",
    ]
    r = subprocess.run(
        [_shell("bash"), "--norc", "--noprofile", "-c", BASH_ASK],
        input="\n".join(lines) + "\n",
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    got = [line.split("\x1e")[:-1] for line in r.stdout.split("\n")[:4]]
    assert len(r.stdout.split("\n")) == 5, r.stdout
    med, charts, s_charts, flags = got
    assert med == [
        '\\$\\(touch\\ pwned-1\\)\\ \\`touch\\ pwned-2\\`\\;\\ touch\\ pwned-3\\ \\&\\ it\\\'s\\ \\"q\\"\\ \\<x\\>\\ \\|\\ y='
    ]
    assert charts == ["pain", "function", "sleep", "stress", "peg", "meds", "sessions", "all"]
    assert s_charts == ["sleep", "stress", "sessions"] and flags == ["saddle-numbness"]
    assert not list(tmp_path.glob("pwned*"))
