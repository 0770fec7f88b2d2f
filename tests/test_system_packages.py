"""`make run`/`make test` install the system packages from one list, or say the one command."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "deploy" / "system-packages.sh"
LIST = ROOT / "deploy" / "system-packages.txt"
BASH = shutil.which("bash")

pytestmark = pytest.mark.skipif(BASH is None or not shutil.which("dpkg-query"),
                                reason="a Debian-family system (bash, dpkg)")


def debian_names(*groups: str) -> list[str]:
    """The Debian packages of ``groups``, read from the list the way a person would."""
    names: list[str] = []
    for line in LIST.read_text().splitlines():
        fields = line.split()
        if fields and not fields[0].startswith("#") and fields[0] in groups \
                and fields[1] not in names:
            names.append(fields[1])
    return names


def fake_system(tmp_path: Path, *, installed: list[str], uid: int,
                sudo_works: bool) -> tuple[dict[str, str], Path]:
    """PATH with stand-ins for dpkg-query, id, sudo and apt-get that record their calls."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "calls.log"
    status = "\\n".join(f"{name} installed" for name in installed)
    tools = {
        "dpkg-query": f'printf "{status}\\n"',
        "id": f"echo {uid}",
        "sudo": ('[ "$1" = -n ] && shift; [ "$1" = true ] && exit '
                 f'{0 if sudo_works else 1}; echo "sudo $*" >> "{log}"'),
        "apt-get": f'echo "apt-get $*" >> "{log}"',
        "uname": "echo Linux",
    }
    for name, body in tools.items():
        tool = bin_dir / name
        tool.write_text(f"#!/bin/sh\n{body}\n")
        tool.chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}
    return env, log


def run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([BASH or "bash", str(SCRIPT), *args], env=env, capture_output=True,
                          text=True, timeout=60, check=False)


def calls(log: Path) -> list[str]:
    return log.read_text().splitlines() if log.exists() else []


def test_every_package_has_a_group_a_fedora_name_and_a_library_column() -> None:
    """The one list is well formed: four columns, known groups, no package twice in a group."""
    groups = {"qt", "x11", "speech", "venv", "kiosk", "test"}
    seen: set[tuple[str, str]] = set()
    for line in LIST.read_text().splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = line.split()
        assert len(fields) == 4, line
        assert fields[0] in groups, line
        assert (fields[0], fields[1]) not in seen, line
        seen.add((fields[0], fields[1]))


def test_nothing_is_installed_when_everything_is_present(tmp_path: Path) -> None:
    """All present: one dpkg-query call, no apt-get, exit 0."""
    names = debian_names("qt", "x11", "speech", "venv")
    env, log = fake_system(tmp_path, installed=names, uid=1000, sudo_works=False)
    done = run("qt", "x11", "speech", "venv", env=env)
    assert done.returncode == 0, done.stderr
    assert calls(log) == []


def test_root_installs_only_what_is_missing_with_apt_get(tmp_path: Path) -> None:
    """As root: apt-get update, then install exactly the missing packages."""
    names = [n for n in debian_names("qt", "x11") if n not in ("libxcb-icccm4", "libxcb-keysyms1")]
    env, log = fake_system(tmp_path, installed=names, uid=0, sudo_works=False)
    done = run("qt", "x11", env=env)
    assert done.returncode == 0, done.stderr
    assert calls(log) == ["apt-get update -qq",
                          "apt-get install -y -qq --no-install-recommends "
                          "libxcb-icccm4 libxcb-keysyms1"]


def test_a_user_with_passwordless_sudo_installs_through_sudo(tmp_path: Path) -> None:
    """A normal user whose sudo needs no password: the same, through ``sudo -n``."""
    env, log = fake_system(tmp_path, installed=[], uid=1000, sudo_works=True)
    done = run("speech", env=env)
    assert done.returncode == 0, done.stderr
    assert calls(log) == [
        "sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq",
        "sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "
        "--no-install-recommends libpulse0 speech-dispatcher espeak-ng"]


def test_otherwise_it_stops_with_the_one_command_to_run(tmp_path: Path) -> None:
    """No root, no passwordless sudo: one line with the exact command, exit 2, nothing run."""
    env, log = fake_system(tmp_path, installed=[], uid=1000, sudo_works=False)
    done = run("x11", env=env)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].endswith("sudo apt-get install " + " ".join(debian_names("x11")))
    assert calls(log) == []


def test_make_stops_before_anything_else(tmp_path: Path) -> None:
    """`make run` checks the system packages before it creates the virtual environment."""
    if not shutil.which("make"):
        pytest.skip("make is not installed")
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS")}
    done = subprocess.run(["make", "--no-print-directory", "-n", "run", "test"], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=60, check=True)
    lines = done.stdout.splitlines()
    assert lines[0].startswith("deploy/system-packages.sh qt x11 speech venv")
    assert any("venv" in line for line in lines[1:])


def test_list_and_check_modes(tmp_path: Path) -> None:
    """``--list`` prints the names; ``--check`` prints the missing ones and installs nothing."""
    env, log = fake_system(tmp_path, installed=["libpulse0"], uid=0, sudo_works=False)
    listed = run("--list", "speech", env=env)
    assert listed.stdout.split() == debian_names("speech")
    checked = run("--check", "speech", env=env)
    assert checked.returncode == 1
    assert checked.stdout.split() == ["speech-dispatcher", "espeak-ng"]
    assert calls(log) == []
