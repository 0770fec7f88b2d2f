#!/usr/bin/env bash
# Build the Debian package from the app PyInstaller made (make dist / make deb):
#
#   packaging/build-deb.sh [APP_DIR] [OUT_DIR]     defaults: dist/dystonia-kiosk  dist
#
# Writes OUT_DIR/dystonia-kiosk_<version>_<arch>.deb, which installs
#   /usr/lib/dystonia-kiosk/               the built app (content -> /usr/share/.../content)
#   /usr/bin/dystonia-kiosk                the command (a link to the app's executable)
#   /usr/share/dystonia-kiosk/content/     the content shipped with this version
#   /usr/share/applications/dystonia-kiosk.desktop, an icon, the systemd user unit in
#   /usr/lib/systemd/user/, and an autostart entry to copy for a waiting-room kiosk.
# The clinic's own content goes in /var/lib/dystonia-kiosk/content (kiosk/core/paths.py); the
# package never ships or removes anything there, nor the users' settings in ~/.config.
#
# Version from pyproject.toml; Depends: from the qt, x11 and speech groups of
# deploy/system-packages.txt (the one list of system packages), read here at build time.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
repo="$(cd "$here/.." && pwd -P)"
app="${1:-$repo/dist/dystonia-kiosk}"
out="${2:-$repo/dist}"
name="dystonia-kiosk"

die() { echo "build-deb.sh: $*" >&2; exit 1; }
[ -x "$app/$name" ] || die "no built app in $app (run: make dist)"
[ -d "$app/content" ] || die "$app has no content/ folder"
command -v dpkg-deb >/dev/null || die "dpkg-deb not found (this builds on Debian/Ubuntu only)"

version="$(sed -n 's/^version *= *"\([^"]*\)".*/\1/p' "$repo/pyproject.toml" | head -n 1)"
[ -n "$version" ] || die "no version in pyproject.toml"
arch="$(dpkg --print-architecture)"

# Depends: the Debian column of the qt, x11 and speech groups, in the file's order.
depends="$("$repo/deploy/system-packages.sh" --list qt x11 speech | xargs | sed 's/ /, /g')"
[ -n "$depends" ] || die "no qt, x11 or speech packages in deploy/system-packages.txt"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
root="$work/root"
umask 022
mkdir -p "$root/DEBIAN" "$root/usr/bin" "$root/usr/lib" "$root/usr/share/$name/autostart" \
    "$root/usr/share/applications" "$root/usr/share/icons/hicolor/scalable/apps" \
    "$root/usr/lib/systemd/user" "$root/usr/share/doc/$name"

# The app, with its content moved to /usr/share and a link left where the app looks for it.
cp -a "$app" "$root/usr/lib/$name"
mv "$root/usr/lib/$name/content" "$root/usr/share/$name/content"
ln -s "../../share/$name/content" "$root/usr/lib/$name/content"
ln -s "../lib/$name/$name" "$root/usr/bin/$name"

# The menu entry and its icon (the kiosk's own book icon, drawn in dark grey).
install -m 644 "$here/$name.desktop" "$root/usr/share/applications/$name.desktop"
sed 's/currentColor/#222222/g' "$repo/resources/icons/book.svg" \
    > "$root/usr/share/icons/hicolor/scalable/apps/$name.svg"
if command -v desktop-file-validate >/dev/null; then
    desktop-file-validate "$root/usr/share/applications/$name.desktop"
fi

# The systemd user unit: deploy/dystonia-kiosk.service, run from the installed app.
blanking="disable-screen-blanking.sh"
install -m 755 "$repo/deploy/$blanking" "$root/usr/share/$name/"
{
    echo "# Installed by the $name package. Enable it for the kiosk user (as that user):"
    echo "#     systemctl --user enable --now $name"
    echo "# Made at build time from deploy/$name.service, with the installed app's paths."
    awk 'started || /^\[/ { started = 1; print }' "$repo/deploy/$name.service" | sed \
        -e "s|^Documentation=.*|Documentation=file:///usr/share/doc/$name/install-laptop.md|" \
        -e "s|^WorkingDirectory=.*|WorkingDirectory=%h|" \
        -e "s|^ExecStartPre=.*|ExecStartPre=-/bin/bash /usr/share/$name/$blanking|" \
        -e "s|^ExecStart=.*|ExecStart=/usr/bin/$name --kiosk|" \
        -e "/^Environment=PYTHONUNBUFFERED=/d"
} > "$root/usr/lib/systemd/user/$name.service"
grep -q "^ExecStart=/usr/bin/$name --kiosk$" "$root/usr/lib/systemd/user/$name.service" \
    || die "the unit's ExecStart was not rewritten"
install -m 644 "$repo/deploy/$name.desktop" "$root/usr/share/$name/autostart/$name.desktop"

install -m 644 "$repo/docs/install-laptop.md" "$root/usr/share/doc/$name/install-laptop.md"
cp -r "$repo/docs/laptop" "$root/usr/share/doc/$name/laptop"  # its screenshots
cat > "$root/usr/share/doc/$name/copyright" <<COPYRIGHT
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: $name

Files: *
License: MIT
Comment: The kiosk. The bundled Qt (PySide6) is LGPL-3.0; the Atkinson Hyperlegible font is
 under the SIL Open Font License 1.1; Python is under the PSF License.
COPYRIGHT

installed_kb="$(du -sk --exclude=DEBIAN "$root" | cut -f1)"
cat > "$root/DEBIAN/control" <<CONTROL
Package: $name
Version: $version
Architecture: $arch
Maintainer: Dystonia kiosk maintainers <nobody@invalid>
Installed-Size: $installed_kb
Depends: $depends
Section: misc
Priority: optional
Description: offline patient-education kiosk about dystonia
 Easy-to-read pages about dystonia for a neurology clinic's waiting room and for staff
 laptops: large text, a low-glare dark screen, reading aloud and large-print handouts.
 Works without a network. The clinic's own pages go in /var/lib/$name/content.
CONTROL

chmod -R u+rwX,go+rX,go-w "$root"
mkdir -p "$out"
deb="$out/${name}_${version}_${arch}.deb"
dpkg-deb --root-owner-group --build "$root" "$deb" >/dev/null
echo "$deb"
