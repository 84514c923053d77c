# shellcheck shell=bash
# Shared set-up for script/run and script/test: find Python 3.11+, make sure venv and the
# Qt system libraries exist (apt-get, as root or through sudo), create .venv, install the app.
# Sourced, not executed. Needs nothing but bash and Python 3.11+.

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"

say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

find_python() {
    local candidate
    for candidate in "${PYTHON:-}" python3.13 python3.12 python3.11 python3; do
        [ -n "$candidate" ] || continue
        if command -v "$candidate" >/dev/null 2>&1 &&
            "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
            command -v "$candidate"
            return 0
        fi
    done
    return 1
}

apt_install() {
    # Install Debian packages, as root or through sudo; explain and fail clearly otherwise.
    local packages=("$@")
    [ ${#packages[@]} -gt 0 ] || return 0
    if ! command -v apt-get >/dev/null 2>&1; then
        die "missing system packages (${packages[*]}) and no apt-get here: install them with your package manager"
    fi
    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1; then
            say "installing ${packages[*]} with sudo apt-get (you may be asked for your password)"
            sudo=(sudo)
        else
            die "need root to install ${packages[*]}: run 'apt-get install ${packages[*]}' as root"
        fi
    else
        say "installing ${packages[*]} with apt-get"
    fi
    export DEBIAN_FRONTEND=noninteractive
    "${sudo[@]}" apt-get update -qq || die "apt-get update failed"
    "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null ||
        die "apt-get install ${packages[*]} failed"
}

missing_debs() {
    # Print the packages of "$@" ("package:library.so" or "package") that are not present.
    # Libraries are looked up by soname, so renamed packages (Ubuntu's t64) still count.
    local item pkg lib
    for item in "$@"; do
        pkg="${item%%:*}"
        lib="${item#*:}"
        if [ "$lib" != "$item" ]; then
            ldconfig -p 2>/dev/null | grep -q " $lib " && continue
            [ -e "/usr/lib/$(uname -m)-linux-gnu/$lib" ] && continue
        elif command -v dpkg-query >/dev/null 2>&1; then
            dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' && continue
        else
            continue
        fi
        printf '%s\n' "$pkg"
    done
}

# Libraries Qt needs even offscreen (present on a desktop; may lack on a minimal box).
QT_BASE_DEBS=(libglib2.0-0:libglib-2.0.so.0 libfontconfig1:libfontconfig.so.1
    libfreetype6:libfreetype.so.6 libxkbcommon0:libxkbcommon.so.0 libgl1:libGL.so.1
    libegl1:libEGL.so.1 libdbus-1-3:libdbus-1.so.3)
# What a real X11 window adds (xcb platform plugin).
QT_X11_DEBS=(libxcb-cursor0:libxcb-cursor.so.0 libxcb-icccm4:libxcb-icccm.so.4
    libxcb-keysyms1:libxcb-keysyms.so.1 libxcb-image0:libxcb-image.so.0
    libxcb-render-util0:libxcb-render-util.so.0 libxcb-randr0:libxcb-randr.so.0
    libxcb-shape0:libxcb-shape.so.0 libxcb-xfixes0:libxcb-xfixes.so.0
    libxcb-xinerama0:libxcb-xinerama.so.0 libxcb-xkb1:libxcb-xkb.so.1
    libxkbcommon-x11-0:libxkbcommon-x11.so.0 libx11-xcb1:libX11-xcb.so.1 fonts-dejavu-core)

ensure_system() {
    # $1: "run" or "test"
    local wanted=("${QT_BASE_DEBS[@]}")
    [ "$1" = run ] && wanted+=("${QT_X11_DEBS[@]}")
    PY="$(find_python)" || die "Python 3.11 or newer is needed (set PYTHON=/path/to/python3.11 if it is elsewhere)"
    if [ ! -x "$VENV/bin/python" ] && ! "$PY" -c 'import ensurepip, venv' >/dev/null 2>&1; then
        local ver
        ver="$("$PY" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')"
        wanted+=("python${ver}-venv")
    fi
    local missing
    mapfile -t missing < <(missing_debs "${wanted[@]}")
    apt_install "${missing[@]}"
}

ensure_venv() {
    # $1: pip extras spec, "" or "[test]"
    local extras="$1"
    if [ ! -x "$VENV/bin/python" ]; then
        say "creating $VENV"
        "$PY" -m venv "$VENV" || die "could not create a virtual environment with $PY"
    fi
    local stamp
    stamp="$VENV/.installed-$(cat "$ROOT/pyproject.toml" | cksum | cut -d' ' -f1)${extras//[^a-z]/}"
    if [ ! -f "$stamp" ]; then
        say "installing Conflict Timeline${extras} into .venv"
        "$VENV/bin/python" -m pip install -q --upgrade pip >/dev/null ||
            die "could not upgrade pip in .venv"
        "$VENV/bin/python" -m pip install -q -e "$ROOT$extras" ||
            die "pip could not install the app; see the messages above"
        touch "$stamp"
    fi
}
