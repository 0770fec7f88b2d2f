#!/usr/bin/env bash
# The kiosk session: only the kiosk on the screen. No desktop, no window manager, no panel, no
# menus, no shortcuts. Started by the kiosk user's login on tty1 (deploy/README.md, step 2).
#
#   deploy/kiosk-session.sh           cage, a Wayland kiosk compositor (the default): it shows
#                                     one application full screen and has no shortcuts at all
#                                     (switching to another console is off too)
#   deploy/kiosk-session.sh --x11     a bare X server (xinit) with no window manager, for
#                                     screens or drivers that cage cannot use
#   deploy/kiosk-session.sh --inner   (used by the two above) the kiosk and its restarts
#
# The kiosk is started again 2 seconds after it exits or crashes; staff "Exit" (status 10,
# kiosk.core.pin.STAFF_EXIT_STATUS) ends the session instead, with status 10.
# KIOSK_PROJECT is the project folder (default: the folder above this script); KIOSK_COMMAND, if
# set, replaces the kiosk command (the tests use it).
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
project="${KIOSK_PROJECT:-$(dirname "$here")}"
STAFF_EXIT=10

inner() {
    local -a kiosk
    if [ -n "${KIOSK_COMMAND:-}" ]; then
        read -r -a kiosk <<<"$KIOSK_COMMAND"
    else
        kiosk=("$project/.venv/bin/python" "$project/main.py" --kiosk)
    fi
    cd "$project" || exit 2
    if [ -n "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
        bash "$here/disable-screen-blanking.sh" || true  # X11 only; cage never blanks
    fi
    local child="" status
    trap 'if [ -n "$child" ]; then kill -TERM "$child" 2>/dev/null; wait "$child"; fi; exit 143' TERM INT HUP
    while true; do
        "${kiosk[@]}" &
        child=$!
        wait "$child"
        status=$?
        child=""
        if [ "$status" -eq "$STAFF_EXIT" ]; then
            echo "kiosk-session: staff exit; the session ends" >&2
            exit "$STAFF_EXIT"
        fi
        echo "kiosk-session: the kiosk exited with status $status; starting it again in 2 s" >&2
        sleep 2 &
        child=$!
        wait "$child"
        child=""
    done
}

case "${1:-}" in
    --inner)
        inner ;;
    --x11)
        # Qt on X11; the X server: no TCP, no screen saver, no power saving. Ctrl+Alt+Backspace
        # and console switching are off in /etc/X11/xorg.conf.d/ (deploy/README.md).
        export QT_QPA_PLATFORM=xcb
        unset WAYLAND_DISPLAY
        # shellcheck disable=SC2086  # KIOSK_X_ARGS is a list of words (the tests use Xvfb)
        exec xinit "$here/kiosk-session.sh" --inner -- "${KIOSK_X_SERVER:-/usr/bin/X}" \
            "${KIOSK_X_DISPLAY:-:0}" ${KIOSK_X_ARGS:-vt${XDG_VTNR:-1} -nolisten tcp -s 0 -dpms} ;;
    "")
        if [ "$(id -u)" -eq 0 ]; then
            echo "kiosk-session: run this as the kiosk user, not root (cage refuses root)" >&2
            exit 2
        fi
        # Qt on Wayland, with no window decorations of its own (cage shows no title bars).
        export QT_QPA_PLATFORM=wayland QT_WAYLAND_DISABLE_WINDOWDECORATION=1
        unset DISPLAY
        exec cage -d -- "$here/kiosk-session.sh" --inner ;;
    *)
        echo "usage: deploy/kiosk-session.sh [--x11]" >&2
        exit 2 ;;
esac
