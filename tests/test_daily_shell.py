"""Shorthand, help and completion (issue 12, points 3 and 4): `log 5`, `help COMMAND`, `-V`, and
a completion script that a real bash sources and asks."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import Run

BIN = Path(sys.executable).parent


def test_log_n_is_log_pain_n_and_takes_other_options(course: Run) -> None:
    r = course("log", "5", "--sleep-hours", "6", "--med", "ibuprofen=2")
    assert "pain 5" in r.stdout and "ibuprofen ×2" in r.stdout
    course("log", "--stress", "3", "4")  # the number may come after the options
    logs = json.loads(course("history", "--json").stdout)
    assert [(e["pain"], e["sleep_hours"], e["stress"]) for e in logs] == [
        (5, 6.0, None),
        (4, None, 3),
    ]


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["log", "5", "--pain", "4"], "given once"),
        (["log", "eleven"], "0 to 10"),
        (["log", "11"], "0 to 10"),
    ],
)
def test_log_n_refuses_a_second_pain_or_a_bad_number(
    course: Run, args: list[str], needle: str, snapshot_db: object
) -> None:
    before = snapshot_db()  # type: ignore[operator]
    r = course(*args, code=2)
    assert r.stderr.startswith("Error: --pain") and needle in r.stderr
    assert snapshot_db() == before  # type: ignore[operator]


@pytest.mark.parametrize("command", [[], ["log"], ["course", "start"], ["remind", "install"]])
def test_help_command_is_the_same_as_dash_dash_help(run: Run, command: list[str]) -> None:
    assert run("help", *command).stdout == run(*command, "--help").stdout


def test_help_of_an_unknown_command_names_the_commands(run: Run) -> None:
    r = run("help", "frobnicate", code=2)
    assert "frobnicate" in r.stderr and "log" in r.stderr and r.stderr.count("\n") == 1


def test_dash_v_prints_the_version(run: Run) -> None:
    from paintrack import __version__

    assert run("-V").stdout.strip() == f"paintrack {__version__}"


def _env(tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "PATH": f"{BIN}:{os.environ.get('PATH', '/usr/bin:/bin')}",
        "PAINTRACK_DB": str(tmp_path / "p.db"),
    }


def _diary(env: dict[str, str]) -> None:
    for args in (
        ["course", "start", "back-2026"],
        ["med", "add", "ibuprofen", "--kind", "nsaid"],
        ["med", "add", "tramadol", "--kind", "opioid", "--strength", "50", "--unit", "mg"],
        ["activity", "add", "walking"],
    ):
        subprocess.run([str(BIN / "paintrack"), *args], env=env, check=True, capture_output=True)


BASH_ASK = """
source <(paintrack completion bash)
while IFS= read -r line; do
  read -r -a COMP_WORDS <<< "$line"
  [[ "$line" == *" " ]] && COMP_WORDS+=("")
  COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
  COMPREPLY=()
  _paintrack_completion paintrack
  echo "${COMPREPLY[*]}"
done
"""


def _bash(env: dict[str, str], lines: list[str]) -> list[str]:
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("bash is not installed")
    r = subprocess.run(
        [bash, "--norc", "--noprofile", "-c", BASH_ASK],
        input="\n".join(lines) + "\n",
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert r.returncode == 0, r.stderr
    return r.stdout.splitlines()


def test_bash_sources_the_script_and_completes_commands_options_names_and_codes(
    tmp_path: Path,
) -> None:
    env = _env(tmp_path)
    _diary(env)
    got = _bash(
        env,
        [
            "paintrack lo",
            "paintrack log --sl",
            "paintrack log --med ",
            "paintrack log --med t",
            "paintrack log --activity w",
            "paintrack log --red-flag b",
            "paintrack session --side-effect b",
            "paintrack course sh",
            "paintrack completion z",
        ],
    )
    assert got[0].split() == ["log"]
    assert set(got[1].split()) == {"--sleep-hours", "--sleep-interference"}
    assert got[2].split() == ["ibuprofen=", "tramadol="]
    assert got[3].split() == ["tramadol="]
    assert got[4].split() == ["walking="]
    assert set(got[5].split()) == {"breathless", "bladder-bowel"}
    assert set(got[6].split()) == {"bruise", "bleeding"}
    assert got[7].split() == ["show"]
    assert got[8].split() == ["zsh"]


def test_completion_never_creates_the_database(tmp_path: Path) -> None:
    env = _env(tmp_path)
    assert _bash(env, ["paintrack log --med "]) == [""]
    assert not (tmp_path / "p.db").exists()


@pytest.mark.parametrize("shell", ["zsh", "fish"])
def test_zsh_and_fish_scripts_call_back_into_paintrack(tmp_path: Path, shell: str) -> None:
    env = _env(tmp_path)
    _diary(env)
    script = subprocess.run(
        [str(BIN / "paintrack"), "completion", shell], env=env, capture_output=True, text=True
    ).stdout
    assert f"_PAINTRACK_COMPLETE=complete_{shell}" in script
    ask = {
        **env,
        "_PAINTRACK_COMPLETE": f"complete_{shell}",
        "_TYPER_COMPLETE_ARGS": "paintrack log --med i",
        "_TYPER_COMPLETE_FISH_ACTION": "get-args",
    }
    r = subprocess.run([str(BIN / "paintrack")], env=ask, capture_output=True, text=True)
    assert "ibuprofen=" in r.stdout
    exe = shutil.which(shell)
    if exe is not None:  # the shell itself parses the script
        check = ["-n"] if shell == "zsh" else ["--no-execute"]
        assert subprocess.run([exe, *check], input=script, text=True).returncode == 0


def test_clicks_own_spelling_of_the_source_instruction_works(tmp_path: Path) -> None:
    env = {**_env(tmp_path), "_PAINTRACK_COMPLETE": "bash_source"}
    r = subprocess.run([str(BIN / "paintrack")], env=env, capture_output=True, text=True)
    assert (
        r.returncode == 0 and "complete -o default -F _paintrack_completion paintrack" in r.stdout
    )
