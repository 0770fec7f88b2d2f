#!/usr/bin/env bash
# Keep the kiosk screen on: no screen saver, no blanking, no power saving, no lock screen.
# Each setting is tried only when its tool is present, and a failure is reported, not fatal.
# X settings last for the session, so the kiosk service runs this at every start.
#
#   deploy/disable-screen-blanking.sh            apply
#   deploy/disable-screen-blanking.sh --dry-run  only say what would be done
set -uo pipefail

dry_run=0
case "${1:-}" in
    "") ;;
    --dry-run) dry_run=1 ;;
    -h|--help) echo "usage: deploy/disable-screen-blanking.sh [--dry-run]"; exit 0 ;;
    *) echo "usage: deploy/disable-screen-blanking.sh [--dry-run]" >&2; exit 2 ;;
esac

try() {
    if [ "$dry_run" -eq 1 ]; then
        printf 'would run: %s\n' "$*"
        return 0
    fi
    if "$@"; then
        printf 'done: %s\n' "$*"
    else
        printf 'warning: failed: %s\n' "$*" >&2
    fi
}

# X11: screen saver off, no blanking, display power management (DPMS) off.
if command -v xset >/dev/null 2>&1 && [ -n "${DISPLAY:-}" ]; then
    try xset s off
    try xset s noblank
    try xset -dpms
else
    echo "skipped xset (not installed, or no DISPLAY)"
fi

# GNOME: never go idle, never lock, never suspend on mains power.
if command -v gsettings >/dev/null 2>&1; then
    try gsettings set org.gnome.desktop.session idle-delay 0
    try gsettings set org.gnome.desktop.screensaver lock-enabled false
    try gsettings set org.gnome.desktop.screensaver idle-activation-enabled false
    try gsettings set org.gnome.desktop.lockdown disable-lock-screen true
    try gsettings set org.gnome.settings-daemon.plugins.power sleep-inactive-ac-type nothing
else
    echo "skipped gsettings (not installed)"
fi
exit 0
