#!/usr/bin/env bash
# Install the dystonia kiosk to start at login and come back after a crash (systemd user service
# plus an XDG autostart entry). Run it as the kiosk user, not as root. Safe to run again: files
# that are already up to date are left alone.
#
#   deploy/install.sh            install, enable, and say what was done
#   deploy/install.sh --dry-run  only say what would be done
set -euo pipefail

usage() {
    echo "usage: deploy/install.sh [--dry-run]"
}

dry_run=0
for arg in "$@"; do
    case "$arg" in
        --dry-run) dry_run=1 ;;
        -h|--help) usage; exit 0 ;;
        *) usage >&2; echo "install.sh: unknown option: $arg" >&2; exit 2 ;;
    esac
done

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
repo="$(cd "$here/.." && pwd -P)"
: "${HOME:?HOME is not set}"
config_home="${XDG_CONFIG_HOME:-$HOME/.config}"
case "$config_home" in /*) ;; *) config_home="$HOME/.config" ;; esac
unit_dir="$config_home/systemd/user"
autostart_dir="$config_home/autostart"
unit_name="dystonia-kiosk.service"

say() { printf '%s\n' "$*"; }
run() {
    if [ "$dry_run" -eq 1 ]; then
        say "would run: $*"
    else
        say "running: $*"
        "$@"
    fi
}

if [ "$(id -u)" -eq 0 ] && [ "$dry_run" -eq 0 ]; then
    say "warning: running as root installs the kiosk for root; run this as the kiosk user." >&2
fi

# The unit names the project folder as %h/dystonia-kiosk. Anywhere else, write the real folder.
unit_text="$(cat "$here/$unit_name")"
if [ "$repo" != "$HOME/dystonia-kiosk" ]; then
    case "$repo" in
        *[[:space:]]* | *[%\"\'\\\|\$]*)
            say "install.sh: the project folder '$repo' contains a space or one of % \" ' \\ | \$;" >&2
            say "move it to $HOME/dystonia-kiosk and run this again." >&2
            exit 1 ;;
    esac
    # Quoted, so that "&" in a folder name is not read as "the matched text" (bash 5.2).
    unit_text="${unit_text//"%h/dystonia-kiosk"/"$repo"}"
    say "project folder: $repo (written into the unit in place of %h/dystonia-kiosk)"
else
    say "project folder: $repo"
fi

# The system packages come from the one list (deploy/system-packages.txt). This script runs as
# the kiosk user, who cannot install them: name the one command an administrator runs.
status=0
missing="$("$here/system-packages.sh" --check qt x11 speech venv kiosk)" || status=$?
if [ "$status" -eq 0 ]; then
    :
elif [ "$status" -ne 1 ]; then
    say "install.sh: cannot check the system packages ($here/system-packages.sh failed)" >&2
    exit 2
elif [ "$dry_run" -eq 1 ]; then
    say "would need these system packages first: $missing"
else
    say "install.sh: system packages are missing; as an administrator run:" \
        "sudo apt-get install $missing" >&2
    exit 2
fi

if [ ! -x "$repo/.venv/bin/python" ]; then
    say "warning: $repo/.venv/bin/python is missing; create it first (see deploy/README.md)." >&2
fi

# install_text TEXT DEST: write TEXT to DEST unless DEST already holds exactly TEXT.
install_text() {
    local text="$1" dest="$2"
    if [ -f "$dest" ] && [ "$(cat "$dest")" = "$text" ]; then
        say "unchanged: $dest"
        return 0
    fi
    if [ "$dry_run" -eq 1 ]; then
        say "would write: $dest"
        return 0
    fi
    mkdir -p "$(dirname "$dest")"
    local tmp
    tmp="$(mktemp "$dest.XXXXXX")"
    printf '%s\n' "$text" >"$tmp"
    chmod 644 "$tmp"
    mv -f "$tmp" "$dest"
    say "wrote: $dest"
}

install_text "$unit_text" "$unit_dir/$unit_name"
install_text "$(cat "$here/dystonia-kiosk.desktop")" "$autostart_dir/dystonia-kiosk.desktop"

if command -v systemctl >/dev/null 2>&1; then
    run systemctl --user daemon-reload
    run systemctl --user enable "$unit_name"
else
    say "warning: systemctl not found; the autostart entry alone cannot restart the kiosk." >&2
fi

if [ "$dry_run" -eq 1 ]; then
    say "dry run: nothing was changed."
else
    say "done. The kiosk starts at the next login; to start it now: systemctl --user start $unit_name"
fi
