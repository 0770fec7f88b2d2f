"""Linux deployment files: the service parses and restarts, the scripts run, no real home used."""

from __future__ import annotations

import configparser
import os
import shlex
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from kiosk.core.pin import STAFF_EXIT_STATUS

REPO = Path(__file__).resolve().parent.parent
DEPLOY = REPO / "deploy"
SERVICE = DEPLOY / "dystonia-kiosk.service"
DESKTOP = DEPLOY / "dystonia-kiosk.desktop"
SCRIPTS = [DEPLOY / "install.sh", DEPLOY / "disable-screen-blanking.sh",
           DEPLOY / "kiosk-session.sh"]
BASH = shutil.which("bash")
needs_bash = pytest.mark.skipif(BASH is None, reason="bash is not installed")


def read_ini(path: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read_string(path.read_text(encoding="utf-8"), source=str(path))
    return parser


def unit_values(path: Path, section: str, key: str) -> list[str]:
    """Every value of a key that may repeat (configparser keeps only the last)."""
    values, current = [], None
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            current = line.strip("[]")
        elif current == section and line.partition("=")[0].strip() == key:
            values.append(line.partition("=")[2].strip())
    return values


# --- the systemd unit -----------------------------------------------------------------------


def test_service_restarts_always_and_keeps_coming_back() -> None:
    """Restart=always after 2 s, with a start limit that quick restarts can never reach."""
    unit = read_ini(SERVICE)
    assert unit.sections() == ["Unit", "Service", "Install"]
    service = unit["Service"]
    assert service["Restart"] == "always"
    assert service["RestartSec"] == "2"
    interval = int(unit["Unit"]["StartLimitIntervalSec"])
    burst = int(unit["Unit"]["StartLimitBurst"])
    # At most one start every RestartSec seconds: the burst must be more than fit in the interval.
    assert interval == 0 or burst > interval / int(service["RestartSec"])


def test_service_runs_the_kiosk_from_the_project_venv() -> None:
    """The unit starts main.py --kiosk with the project's .venv python, in the project folder."""
    service = read_ini(SERVICE)["Service"]
    assert service["WorkingDirectory"] == "%h/dystonia-kiosk"
    assert shlex.split(service["ExecStart"]) == [
        "%h/dystonia-kiosk/.venv/bin/python",
        "main.py",
        "--kiosk",
    ]
    environment = unit_values(SERVICE, "Service", "Environment")
    assert "QT_QPA_PLATFORM=xcb" in environment
    assert "LANG=en_US.UTF-8" in environment


def test_service_starts_with_the_graphical_session() -> None:
    """Installed into the desktop session, which it follows in and out."""
    unit = read_ini(SERVICE)
    assert unit["Install"]["WantedBy"] == "graphical-session.target"
    assert unit["Unit"]["After"] == "graphical-session.target"
    assert unit["Unit"]["PartOf"] == "graphical-session.target"


def test_staff_exit_is_not_restarted() -> None:
    """Staff 'Exit' has its own exit status, and only that one stops the restarts."""
    service = read_ini(SERVICE)["Service"]
    assert service["RestartPreventExitStatus"].split() == [str(STAFF_EXIT_STATUS)]
    assert STAFF_EXIT_STATUS not in (0, 1, 2)  # 1 and 2 are errors, which must restart


def test_screen_blanking_script_runs_before_each_start_and_may_fail() -> None:
    """The screen settings are applied at every start; a '-' keeps a failure from stopping it."""
    pre = unit_values(SERVICE, "Service", "ExecStartPre")
    assert pre == ["-/bin/bash %h/dystonia-kiosk/deploy/disable-screen-blanking.sh"]


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd is not installed")
def test_service_passes_systemd_analyze_verify(tmp_path: Path) -> None:
    """systemd itself accepts the unit (in a throw-away home with a fake project folder)."""
    home = tmp_path / "home"
    project = home / "dystonia-kiosk"
    python = project / ".venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.write_text("#!/bin/sh\n")
    python.chmod(0o755)
    (project / "main.py").write_text("")
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    units = tmp_path / "units"
    units.mkdir()
    unit = units / SERVICE.name
    shutil.copyfile(SERVICE, unit)
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_RUNTIME_DIR": str(runtime),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "SYSTEMD_LOG_COLOR": "0",
    }
    done = subprocess.run(
        ["systemd-analyze", "verify", "--user", str(unit)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    if "Failed to initialize manager" in done.stderr:
        pytest.skip(f"systemd-analyze cannot run here: {done.stderr.strip()}")
    assert done.returncode == 0, done.stderr
    # Unknown keys and bad values are only warnings ("..., ignoring"): refuse those too.
    assert SERVICE.name not in done.stderr, done.stderr


# --- the autostart entry --------------------------------------------------------------------


def test_desktop_entry_starts_the_service() -> None:
    """An XDG autostart Application that hands over DISPLAY and starts the user service."""
    entry = read_ini(DESKTOP)["Desktop Entry"]
    assert entry["Type"] == "Application"
    assert entry["Name"]
    assert entry.get("Terminal") == "false"
    argv = shlex.split(entry["Exec"])
    assert argv[:2] == ["sh", "-c"] and len(argv) == 3
    assert "systemctl --user import-environment DISPLAY XAUTHORITY" in argv[2]
    assert "systemctl --user start dystonia-kiosk.service" in argv[2]
    assert "%" not in entry["Exec"]  # field codes would be expanded by the desktop


def test_desktop_entry_command_is_valid_shell() -> None:
    """The sh -c command in Exec parses as shell."""
    command = shlex.split(read_ini(DESKTOP)["Desktop Entry"]["Exec"])[2]
    done = subprocess.run(
        ["sh", "-n", "-c", command], capture_output=True, text=True, timeout=30, check=False
    )
    assert done.returncode == 0, done.stderr


@pytest.mark.skipif(
    shutil.which("desktop-file-validate") is None, reason="desktop-file-utils is not installed"
)
def test_desktop_entry_passes_desktop_file_validate() -> None:
    """The freedesktop.org validator finds nothing wrong."""
    done = subprocess.run(
        ["desktop-file-validate", str(DESKTOP)],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert done.returncode == 0 and not done.stdout.strip(), done.stdout + done.stderr


# --- the shell scripts ----------------------------------------------------------------------


@needs_bash
@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_script_parses(script: Path) -> None:
    """bash -n finds no syntax error."""
    done = subprocess.run(
        [BASH or "bash", "-n", str(script)], capture_output=True, text=True, timeout=30, check=False
    )
    assert done.returncode == 0, done.stderr


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_script_is_executable(script: Path) -> None:
    """The README runs the scripts directly, so they carry the executable bit."""
    assert script.stat().st_mode & stat.S_IXUSR


@pytest.mark.skipif(shutil.which("shellcheck") is None, reason="shellcheck is not installed")
@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_script_passes_shellcheck(script: Path) -> None:
    """shellcheck finds no problem."""
    done = subprocess.run(
        ["shellcheck", str(script)], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stdout


def fake_tools(folder: Path, log: Path, *names: str) -> Path:
    """Stand-ins for system commands that only record how they were called."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        tool = folder / name
        tool.write_text(f'#!/bin/sh\necho "{name} $*" >> "{log}"\n')
        tool.chmod(0o755)
    return folder


def run_script(script: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [BASH or "bash", str(script), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def calls(log: Path) -> list[str]:
    return log.read_text().splitlines() if log.exists() else []


@pytest.fixture
def fake_home(tmp_path: Path) -> tuple[Path, Path, dict[str, str]]:
    """A private home with a recording systemctl first on PATH."""
    home = (tmp_path / "home").resolve()
    home.mkdir()
    log = tmp_path / "calls.log"
    tools = fake_tools(tmp_path / "bin", log, "systemctl")
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "PATH": f"{tools}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    return home, log, env


@needs_bash
def test_install_dry_run_changes_nothing(fake_home: tuple[Path, Path, dict[str, str]]) -> None:
    """--dry-run says what it would do, writes no file and runs no systemctl."""
    home, log, env = fake_home
    done = run_script(DEPLOY / "install.sh", "--dry-run", env=env)
    assert done.returncode == 0, done.stderr
    assert "would write" in done.stdout and "would run: systemctl --user enable" in done.stdout
    assert list(home.iterdir()) == []
    assert calls(log) == []


@needs_bash
def test_install_from_the_default_folder_is_idempotent(
    fake_home: tuple[Path, Path, dict[str, str]],
) -> None:
    """From ~/dystonia-kiosk the unit is copied as it is; a second run changes nothing."""
    home, log, env = fake_home
    shutil.copytree(DEPLOY, home / "dystonia-kiosk" / "deploy")
    script = home / "dystonia-kiosk" / "deploy" / "install.sh"
    first = run_script(script, env=env)
    assert first.returncode == 0, first.stderr
    unit = home / ".config" / "systemd" / "user" / "dystonia-kiosk.service"
    desktop = home / ".config" / "autostart" / "dystonia-kiosk.desktop"
    assert unit.read_text() == SERVICE.read_text()
    assert desktop.read_text() == DESKTOP.read_text()
    assert f"wrote: {unit}" in first.stdout
    assert calls(log) == [
        "systemctl --user daemon-reload",
        "systemctl --user enable dystonia-kiosk.service",
    ]
    second = run_script(script, env=env)
    assert second.returncode == 0, second.stderr
    assert f"unchanged: {unit}" in second.stdout and f"unchanged: {desktop}" in second.stdout
    assert unit.read_text() == SERVICE.read_text()


@needs_bash
def test_install_elsewhere_writes_the_real_folder(
    fake_home: tuple[Path, Path, dict[str, str]],
    tmp_path: Path,
) -> None:
    """A project outside ~/dystonia-kiosk gets its real folder written into the installed unit."""
    home, _log, env = fake_home
    project = (tmp_path / "srv" / "kiosk&co").resolve()  # "&" must not be read by bash
    shutil.copytree(DEPLOY, project / "deploy")
    done = run_script(project / "deploy" / "install.sh", env=env)
    assert done.returncode == 0, done.stderr
    unit = read_ini(home / ".config" / "systemd" / "user" / "dystonia-kiosk.service")
    assert unit["Service"]["WorkingDirectory"] == str(project)
    assert unit["Service"]["ExecStart"] == f"{project}/.venv/bin/python main.py --kiosk"
    assert (
        "%h/dystonia-kiosk"
        not in (home / ".config/systemd/user/dystonia-kiosk.service").read_text()
    )


@needs_bash
def test_install_refuses_a_folder_with_spaces(
    fake_home: tuple[Path, Path, dict[str, str]],
    tmp_path: Path,
) -> None:
    """A folder name systemd would split is refused with advice, and nothing is written."""
    home, log, env = fake_home
    project = tmp_path / "my kiosk"
    shutil.copytree(DEPLOY, project / "deploy")
    done = run_script(project / "deploy" / "install.sh", env=env)
    assert done.returncode == 1
    assert "move it to" in done.stderr
    assert list(home.iterdir()) == [] and calls(log) == []


@needs_bash
def test_install_rejects_unknown_option(fake_home: tuple[Path, Path, dict[str, str]]) -> None:
    """A mistyped option stops before doing anything."""
    home, log, env = fake_home
    done = run_script(DEPLOY / "install.sh", "--dryrun", env=env)
    assert done.returncode == 2 and "unknown option" in done.stderr
    assert list(home.iterdir()) == [] and calls(log) == []


@needs_bash
def test_screen_blanking_script_sets_x_and_gnome(tmp_path: Path) -> None:
    """With xset and gsettings present, it turns off blanking, DPMS, idle and the lock."""
    log = tmp_path / "calls.log"
    tools = fake_tools(tmp_path / "bin", log, "xset", "gsettings")
    env = {
        **os.environ,
        "HOME": str(tmp_path),
        "DISPLAY": ":99",
        "PATH": f"{tools}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    done = run_script(DEPLOY / "disable-screen-blanking.sh", env=env)
    assert done.returncode == 0, done.stderr
    made = calls(log)
    for expected in (
        "xset s off",
        "xset -dpms",
        "xset s noblank",
        "gsettings set org.gnome.desktop.session idle-delay 0",
        "gsettings set org.gnome.desktop.screensaver lock-enabled false",
    ):
        assert expected in made


@needs_bash
def test_screen_blanking_script_dry_run_and_missing_tools(tmp_path: Path) -> None:
    """--dry-run runs nothing; missing tools are skipped, and the script still succeeds."""
    log = tmp_path / "calls.log"
    tools = fake_tools(tmp_path / "bin", log, "xset", "gsettings")
    env = {
        **os.environ,
        "HOME": str(tmp_path),
        "DISPLAY": ":99",
        "PATH": f"{tools}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    dry = run_script(DEPLOY / "disable-screen-blanking.sh", "--dry-run", env=env)
    assert dry.returncode == 0 and "would run: xset -dpms" in dry.stdout
    assert calls(log) == []
    empty = tmp_path / "empty"
    empty.mkdir()
    bare = run_script(DEPLOY / "disable-screen-blanking.sh", env={**env, "PATH": str(empty)})
    assert bare.returncode == 0, bare.stderr
    assert "skipped xset" in bare.stdout and "skipped gsettings" in bare.stdout


@needs_bash
def test_install_names_missing_system_packages(
        fake_home: tuple[Path, Path, dict[str, str]], tmp_path: Path) -> None:
    """With system packages missing, install.sh changes nothing and gives the admin's command."""
    home, log, env = fake_home
    fake_tools(tmp_path / "bin", log, "dpkg-query")  # knows no package: all are missing
    done = run_script(DEPLOY / "install.sh", env=env)
    assert done.returncode == 2
    assert "sudo apt-get install libgl1 " in done.stderr and "speech-dispatcher" in done.stderr
    assert list(home.iterdir()) == []
    dry = run_script(DEPLOY / "install.sh", "--dry-run", env=env)
    assert dry.returncode == 0 and "would need these system packages first" in dry.stdout
