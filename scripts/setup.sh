#!/usr/bin/env bash
# Set up juesuan on a Debian machine: the CJK fonts (system packages) and a virtual environment in .venv
# with the package and its development tools. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

# CJK fonts (the PDF, laid out by Typst from the Python package, embeds them); pdffonts for the PDF tests.
fonts=(fonts-wqy-zenhei fonts-arphic-uming fonts-arphic-ukai poppler-utils)
missing=()
for pkg in "${fonts[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "Installing fonts: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PYTHON=${PYTHON:-python3}
SUDO_CMD=""
[ "$(id -u)" -eq 0 ] || SUDO_CMD="sudo"
if [ ! -x .venv/bin/python ]; then
  if ! "$PYTHON" -m venv .venv 2>/dev/null; then
    # Debian's python3 ships venv support separately
    rm -rf .venv
    $SUDO_CMD apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO_CMD apt-get install -y -qq --no-install-recommends python3-venv >/dev/null
    "$PYTHON" -m venv .venv
  fi
fi
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[dev]'
