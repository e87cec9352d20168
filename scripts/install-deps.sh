#!/usr/bin/env bash
# Installs the Debian 12 packages Skipjack needs that are not installed yet (as root or via sudo).
set -euo pipefail

packages=(
    build-essential cmake ninja-build pkg-config git
    qt6-base-dev libvulkan-dev glslc libsdl2-dev libsoundtouch-dev libglm-dev libzstd-dev libpng-dev libssl-dev catch2
    zlib1g-dev liblzma-dev libflac-dev
    libxbyak-dev
    gcc-mipsel-linux-gnu binutils-mipsel-linux-gnu
    genisoimage mame-tools
    xvfb xauth mesa-vulkan-drivers xdotool x11-utils vulkan-tools imagemagick
)

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing: ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "need root or sudo to install: ${missing[*]}" >&2; exit 1; }
    sudo=sudo
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
