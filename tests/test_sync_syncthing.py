"""Two real Syncthing instances on 127.0.0.1 carry a diary between "phone" and "laptop"
(issue 23, point 3): a log on the phone shows in the laptop's review after `paintrack sync` on
both, and an edit on the laptop reaches the phone.

Every outward feature of Syncthing is off before its first start (shared/loopback.md): no global
or local discovery, relays, NAT traversal, STUN, usage or crash reports, upgrades or browser;
it listens on 127.0.0.1 only, its peer has an explicit 127.0.0.1 address, and the test checks
the config says so before starting either daemon. Each daemon is stopped by its PID."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import Run
from tests.test_sync_devices import Device, unfolded  # noqa: F401  (autouse)

SYNCTHING = shutil.which("syncthing")
pytestmark = pytest.mark.skipif(
    SYNCTHING is None, reason="Syncthing is not installed (.ci/run installs Debian's syncthing)"
)
OFF = {
    "globalAnnounceEnabled": "false",
    "localAnnounceEnabled": "false",
    "relaysEnabled": "false",
    "natEnabled": "false",
    "crashReportingEnabled": "false",
    "urAccepted": "-1",
    "autoUpgradeIntervalH": "0",
    "startBrowser": "false",
    "stunKeepaliveStartS": "0",  # 0: no STUN
    "announceLANAddresses": "false",
}
WAIT = 60.0  # seconds, at most, for one file to travel


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Instance:
    def __init__(self, home: Path, shared: Path, name: str) -> None:
        self.home, self.shared, self.name = home, shared, name
        self.port, self.gui = _port(), _port()
        env = {**os.environ, "STNOUPGRADE": "1", "STNODEFAULTFOLDER": "1", "HOME": str(home)}
        self.env = env
        subprocess.run(
            [SYNCTHING or "", "generate", f"--home={home}", "--no-default-folder"],
            env=env,
            check=True,
            capture_output=True,
            timeout=30,
        )
        found = subprocess.run(
            [SYNCTHING or "", "serve", f"--home={home}", "--device-id"],
            env=env,
            check=True,
            capture_output=True,
            text=True,
            timeout=30,
        )
        self.id = found.stdout.strip()
        self.process: subprocess.Popen[bytes] | None = None

    def configure(self, peer: Instance) -> None:
        """Everything outward off, loopback only, the peer and the shared folder by hand."""
        path = self.home / "config.xml"
        tree = ET.parse(path)
        root = tree.getroot()
        options = root.find("options")
        assert options is not None
        for listen in options.findall("listenAddress"):
            options.remove(listen)
        ET.SubElement(options, "listenAddress").text = f"tcp://127.0.0.1:{self.port}"
        # Redial a peer that was not listening yet after 1 s, not Syncthing's default 60 s.
        for key, value in {**OFF, "reconnectionIntervalS": "1"}.items():
            element = options.find(key)
            if element is None:
                element = ET.SubElement(options, key)
            element.text = value
        gui = root.find("gui")
        assert gui is not None
        address = gui.find("address")
        assert address is not None
        address.text = f"127.0.0.1:{self.gui}"
        for me in root.findall("device"):
            me.find("address").text = f"tcp://127.0.0.1:{self.port}"  # type: ignore[union-attr]
        other = ET.SubElement(root, "device", id=peer.id, name=peer.name, compression="metadata")
        ET.SubElement(other, "address").text = f"tcp://127.0.0.1:{peer.port}"
        folder = ET.Element(
            "folder",
            id="paintrack",
            label="paintrack",
            path=str(self.shared),
            type="sendreceive",
            rescanIntervalS="3600",
            fsWatcherEnabled="true",
            fsWatcherDelayS="1",
        )
        ET.SubElement(folder, "filesystemType").text = "basic"
        ET.SubElement(folder, "device", id=self.id)
        ET.SubElement(folder, "device", id=peer.id)
        root.insert(0, folder)
        tree.write(path)

    def check_config(self, peer: Instance) -> None:
        """What shared/loopback.md asks, read back from the file the daemon will read."""
        root = ET.parse(self.home / "config.xml").getroot()
        options = root.find("options")
        assert options is not None
        listen = [e.text for e in options.findall("listenAddress")]
        assert listen == [f"tcp://127.0.0.1:{self.port}"]
        for key, value in OFF.items():
            assert options.findtext(key) == value, key
        assert root.findtext("gui/address") == f"127.0.0.1:{self.gui}"
        addresses = {
            d.get("id"): [a.text for a in d.findall("address")] for d in root.findall("device")
        }
        assert set(addresses) == {self.id, peer.id}
        assert addresses[peer.id] == [f"tcp://127.0.0.1:{peer.port}"]
        assert all(a and a.startswith("tcp://127.0.0.1:") for v in addresses.values() for a in v)

    def start(self) -> None:
        command = [SYNCTHING or "", "serve", f"--home={self.home}", "--no-browser"]
        command += ["--no-restart", "--no-upgrade", f"--logfile={self.home / 'log.txt'}"]
        self.process = subprocess.Popen(
            command, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.kill(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=15)


@pytest.fixture
def instances(tmp_path: Path) -> Iterator[tuple[Instance, Instance]]:
    phone = Instance(tmp_path / "st-phone", tmp_path / "phone-sync", "phone")
    laptop = Instance(tmp_path / "st-laptop", tmp_path / "laptop-sync", "laptop")
    for one in (phone, laptop):
        one.shared.mkdir()
        (one.shared / ".stfolder").mkdir()  # Syncthing's marker of a folder it shares
    phone.configure(laptop)
    laptop.configure(phone)
    phone.check_config(laptop)
    laptop.check_config(phone)
    try:
        phone.start()
        laptop.start()
        yield phone, laptop
    finally:
        phone.stop()
        laptop.stop()


def _arrives(folder: Path, device: str, seen: set[Path]) -> Path:
    """Wait (bounded) for a new whole change file of another device in `folder`."""
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        for f in folder.glob("paintrack/*/*/*.jsonl"):
            if f not in seen and f.parent.name != device:
                return f
        time.sleep(0.2)
    pytest.fail(f"no change file reached {folder} within {WAIT:g} s")


def test_a_log_on_the_phone_reaches_the_laptop_and_an_edit_comes_back(
    instances: tuple[Instance, Instance], run: Run, tmp_path: Path
) -> None:
    st_phone, st_laptop = instances
    phone = Device(run, tmp_path / "phone-db" / "p.db", st_phone.shared, "phone")
    laptop = Device(run, tmp_path / "laptop-db" / "l.db", st_laptop.shared, "laptop")
    phone("course", "start", "back", "--sessions", "6", "--start", "7 days ago")
    phone("log", "--pain", "6", "--date", "yesterday", "--note", "at the clinic")
    phone.sync()
    _arrives(st_laptop.shared, "", set())
    said = laptop.sync()
    assert "1 log and 1 course from phone" in said.stdout and said.stderr == "", (
        said.stdout + said.stderr
    )
    review = json.loads(laptop("review", "--json").stdout)
    assert json.loads(phone("review", "--json").stdout) == review
    assert [e["note"] for e in laptop.history()] == ["at the clinic"]
    seen = set(st_phone.shared.glob("paintrack/*/*/*.jsonl"))
    laptop("edit", laptop.ref(6), "--pain", "5")
    laptop.sync()
    device = next(iter(st_phone.shared.glob("paintrack/*/*"))).name
    _arrives(st_phone.shared, device, seen)
    assert "1 edit from laptop" in phone.sync().stdout
    assert [e["pain"] for e in phone.history()] == [5]
    assert phone.history() == laptop.history()
