#!/usr/bin/env bash
# The build installs the dashboard's browser library with npm (src/BreachDesk.Api/ClientLibraries, `npm ci`).
# Installs Debian's Node.js and npm when npm is missing; does nothing otherwise.
set -euo pipefail
command -v npm >/dev/null 2>&1 && exit 0
echo "Installing Debian's nodejs and npm for the dashboard's browser library..."
sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
$sudo_cmd apt-get update -qq >/dev/null
DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq nodejs npm >/dev/null
