#!/usr/bin/env bash
# The README's test command: installs what the tests need on a fresh Debian machine (apt packages listed in
# scripts/apt-packages.txt, pnpm, node modules), builds the packages, and runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."

pkgs=$(sed -e 's/#.*//' scripts/apt-packages.txt | tr -s ' \t' '\n' | grep -v '^$' | sort -u || true)
missing=""
for p in $pkgs; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
if [ -n "$missing" ]; then
  echo "==> apt-get install$missing"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
fi

if ! command -v pnpm >/dev/null 2>&1 || ! pnpm --version | grep -q '^10\.'; then
  echo "==> npm i -g pnpm@10.34.9"
  npm i -g pnpm@10.34.9 >/dev/null
fi

echo "==> pnpm install"
pnpm install --frozen-lockfile
echo "==> pnpm build"
pnpm build
echo "==> pnpm test:build (publint and are-the-types-wrong on every package)"
pnpm test:build
echo "==> pnpm test"
pnpm test
