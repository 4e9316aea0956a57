"""Three devices, random work and syncs in random orders through one folder: once everyone has
synced twice, all three show the same diary, and no entry anyone kept is lost (issue 23, 1)."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from tests.conftest import Run

DEVICES = ("phone", "laptop", "tablet")
device = st.sampled_from(DEVICES)
MEDS = ("ibuprofen", "tramadol", "Ibuprofen")
ACTIVITIES = ("walking", "reading", "garden", "cycling", "cooking", "typing")


class ThreeDevices(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.run = Run()
        self.tmp = Path(tempfile.mkdtemp(prefix="paintrack-sync-"))
        self.folder = self.tmp / "Sync"
        self.folder.mkdir()
        self.kept: dict[
            str, str
        ] = {}  # note token → device that logged it, while nobody touched it
        self.last: dict[str, str | None] = dict.fromkeys(DEVICES)  # each device's last log token
        self.count = 0

    def cli(self, name: str, *args: str, code: int | None = 0):  # type: ignore[no-untyped-def]
        return self.run("--db", str(self.tmp / f"{name}.db"), *args, code=code)

    def sync(self, name: str) -> str:
        return str(self.cli(name, "sync", str(self.folder), "--name", name).stdout)

    @initialize()
    def start(self) -> None:
        self.cli("phone", "course", "start", "back", "--sessions", "8", "--start", "40 days ago")
        self.cli("phone", "med", "add", "ibuprofen", "--strength", "200", "--unit", "mg")
        self.cli("phone", "activity", "add", "walking")
        for name in DEVICES:
            self.sync(name)

    @rule(name=device, pain=st.integers(0, 10), ago=st.integers(0, 30), dose=st.booleans())
    def log(self, name: str, pain: int, ago: int, dose: bool) -> None:
        self.count += 1
        token = f"t{self.count}"
        extra = ["--med", "ibuprofen=1", "--activity", "walking=5"] if dose else []
        r = self.cli(
            name,
            "log",
            "--pain",
            str(pain),
            "--date",
            f"{ago} days ago",
            "--note",
            token,
            *extra,
            code=None,
        )
        if r.exit_code == 0:
            self.kept[token] = name
            self.last[name] = token

    @rule(name=device, before=st.integers(3, 9), after=st.integers(0, 3))
    def session(self, name: str, before: int, after: int) -> None:
        self.cli(
            name, "session", "--pain-before", str(before), "--pain-after", str(after), code=None
        )

    @rule(name=device, pain=st.integers(0, 10))
    def peg(self, name: str, pain: int) -> None:
        args = ("--pain", str(pain), "--enjoyment", "5", "--general-activity", "6")
        self.cli(name, "peg", *args, code=None)

    def _entries(self, name: str) -> list[dict[str, object]]:
        return list(json.loads(self.cli(name, "history", "--json").stdout))

    @rule(name=device, pick=st.integers(0, 50), pain=st.integers(0, 10))
    def edit(self, name: str, pick: int, pain: int) -> None:
        logs = [e for e in self._entries(name) if e["kind"] == "log"]
        if logs:
            target = logs[pick % len(logs)]
            self.cli(name, "edit", str(target["id"]), "--pain", str(pain), code=None)

    @rule(name=device, pick=st.integers(0, 50))
    def delete(self, name: str, pick: int) -> None:
        entries = self._entries(name)
        if entries:
            target = entries[pick % len(entries)]
            if self.cli(name, "delete", str(target["id"]), "--yes", code=None).exit_code == 0:
                self.kept.pop(str(target.get("note")), None)

    @rule(name=device)
    def undo(self, name: str) -> None:
        if self.cli(name, "undo", code=None).exit_code == 0:
            self.kept.pop(str(self.last[name]), None)  # perhaps its last log went
            self.last[name] = None

    @rule(name=device, med=st.sampled_from(MEDS), stop=st.booleans())
    def medication(self, name: str, med: str, stop: bool) -> None:
        if stop:
            self.cli(name, "med", "stop", med, code=None)
        else:
            self.cli(name, "med", "add", med, "--strength", "50", "--unit", "mg", code=None)

    @rule(name=device, activity=st.sampled_from(ACTIVITIES))
    def activity(self, name: str, activity: str) -> None:
        self.cli(name, "activity", "add", activity, code=None)

    @rule(name=device, end=st.booleans(), ago=st.integers(0, 5))
    def course(self, name: str, end: bool, ago: int) -> None:
        if end:
            self.cli(name, "course", "end", "--date", f"{ago} days ago", code=None)
        else:
            start = ("course", "start", f"c{self.count}", "--start", f"{ago} days ago")
            self.cli(name, *start, code=None)

    @rule(name=device)
    def sync_one(self, name: str) -> None:
        self.sync(name)

    def shown(self, name: str) -> tuple[list[str], str, str]:
        history = sorted(
            json.dumps({k: v for k, v in e.items() if k != "id"}, sort_keys=True)
            for e in self._entries(name)
        )
        review = self.cli(name, "review", "--json", code=None)
        meds = self.cli(name, "med", "list", code=None)
        return history, review.stdout + str(review.exit_code), meds.stdout

    @invariant()
    def nothing_half_written(self) -> None:
        assert not list(self.folder.rglob(".paintrack-*"))

    def teardown(self) -> None:
        for _ in range(2):
            for name in DEVICES:
                self.sync(name)
        seen = [self.shown(name) for name in DEVICES]
        assert seen[0] == seen[1] == seen[2]
        notes = {json.loads(e).get("note") for e in seen[0][0]}
        assert set(self.kept) <= notes, set(self.kept) - notes
        files = sorted(p.name for p in self.folder.rglob("*"))
        again = [self.sync(name) for name in DEVICES]
        assert all("nothing new on either side" in said for said in again)
        assert sorted(p.name for p in self.folder.rglob("*")) == files
        assert [self.shown(name) for name in DEVICES] == seen
        late = "new-laptop"
        self.sync(late)
        assert self.shown(late) == seen[0]


ThreeDevices.TestCase.settings = settings(
    max_examples=4,
    stateful_step_count=16,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
test_three_devices_converge = ThreeDevices.TestCase
