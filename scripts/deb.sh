#!/usr/bin/env bash
# Builds a Debian package of the desktop app and the command line with dpkg-deb.
# (The Tauri CLI refuses a tauri.conf.json beside a virtual workspace manifest: "No
# package info in the config file"; the package layout is simple enough to make here.)
set -euo pipefail
cd "$(dirname "$0")/.."

version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
arch=$(dpkg --print-architecture)
cargo build --locked --release -p levensregister-desktop -p levensregister-cli

root="target/deb/levensregister_${version}_${arch}"
rm -rf "$root"
install -d "$root/DEBIAN" "$root/usr/bin" "$root/usr/share/applications"
install -m 755 target/release/levensregister-desktop target/release/levensregister "$root/usr/bin/"
for size in 32x32 128x128; do
    install -D -m 644 "src-tauri/icons/$size.png" "$root/usr/share/icons/hicolor/$size/apps/levensregister.png"
done
install -D -m 644 src-tauri/icons/icon.png "$root/usr/share/icons/hicolor/512x512/apps/levensregister.png"

cat > "$root/usr/share/applications/levensregister.desktop" <<DESKTOP
[Desktop Entry]
Type=Application
Name=Levensregister
Comment=Uw levensregister, versleuteld op uw eigen computer
Comment[en]=Your life register, encrypted on your own computer
Exec=levensregister-desktop
Icon=levensregister
Categories=Office;
Terminal=false
DESKTOP

cat > "$root/DEBIAN/control" <<CONTROL
Package: levensregister
Version: ${version}
Architecture: ${arch}
Maintainer: Levensregister <noreply@levensregister.invalid>
Depends: libwebkit2gtk-4.1-0, libgtk-3-0, libssl3, libdbus-1-3
Section: utils
Priority: optional
Description: encrypted life register for your next of kin
 Records what your next of kin need when you die or can no longer act, in an
 SQLCipher file on your own computer, opened with a password and an
 authenticator code. Desktop app (levensregister-desktop) and command line
 (levensregister).
CONTROL

dpkg-deb --build --root-owner-group "$root" "target/deb/"
dpkg-deb --info "target/deb/levensregister_${version}_${arch}.deb" | sed -n '1,12p'
