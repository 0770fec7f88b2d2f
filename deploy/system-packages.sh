#!/usr/bin/env bash
# Install the system packages of the given groups (see deploy/system-packages.txt), if any are
# missing. Used by `make run`, `make test` and deploy/install.sh.
#
#   deploy/system-packages.sh GROUP...          install what is missing (apt-get, or dnf)
#   deploy/system-packages.sh --list GROUP...   print the Debian package names, one line
#   deploy/system-packages.sh --check GROUP...  exit 1 and print the missing ones, install nothing
#
# As root it installs directly; as another user through `sudo -n` when that needs no password;
# otherwise it prints the one command to run and exits 2. When everything is present it checks
# with a single dpkg-query (or rpm) call and does nothing else. On macOS and Windows, and on
# Linux systems with neither dpkg nor rpm, it does nothing: the PySide6 wheels carry Qt.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
list_file="$here/system-packages.txt"

mode=install
case "${1:-}" in
    --list) mode=list; shift ;;
    --check) mode=check; shift ;;
esac
[ "$#" -gt 0 ] || { echo "usage: deploy/system-packages.sh [--list|--check] GROUP..." >&2; exit 2; }

# packages COLUMN GROUP...: the package names in COLUMN (2 = Debian, 3 = Fedora) of the groups.
packages() {
    local column="$1"; shift
    awk -v col="$column" -v groups=" $* " '
        /^[[:space:]]*(#|$)/ { next }
        index(groups, " " $1 " ") && $col != "-" && !seen[$col]++ { printf "%s ", $col }
    ' "$list_file"
}

if [ "$mode" = list ]; then
    packages 2 "$@"; echo
    exit 0
fi

[ "$(uname -s)" = Linux ] || exit 0

if command -v dpkg-query >/dev/null 2>&1; then
    read -r -a wanted <<<"$(packages 2 "$@")"
    # One call for all of them; a package dpkg has never heard of prints nothing (so: missing).
    installed="$(dpkg-query -W -f='${Package} ${db:Status-Status}\n' "${wanted[@]}" 2>/dev/null \
                 | awk '$2 == "installed" { print $1 }' || true)"
    update=(apt-get update -qq)
    install=(apt-get install -y -qq --no-install-recommends)
    env_prefix=(env DEBIAN_FRONTEND=noninteractive)
elif command -v rpm >/dev/null 2>&1; then
    read -r -a wanted <<<"$(packages 3 "$@")"
    installed="$(rpm -q --qf '%{NAME}\n' "${wanted[@]}" 2>/dev/null | grep -v ' ' || true)"
    update=(true)
    install=(dnf install -y -q)
    env_prefix=(env)
else
    exit 0
fi

missing=()
for package in "${wanted[@]}"; do
    grep -qxF "$package" <<<"$installed" || missing+=("$package")
done
[ "${#missing[@]}" -eq 0 ] && exit 0

if [ "$mode" = check ]; then
    echo "${missing[*]}"
    exit 1
fi

if [ "$(id -u)" -eq 0 ]; then
    sudo=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo=(sudo -n)
else
    echo "The kiosk needs system packages that are missing. Run this, then try again:" \
         "sudo ${install[0]} install ${missing[*]}" >&2
    exit 2
fi
echo "Installing system packages: ${missing[*]}"
"${sudo[@]}" "${env_prefix[@]}" "${update[@]}"
"${sudo[@]}" "${env_prefix[@]}" "${install[@]}" "${missing[@]}"
