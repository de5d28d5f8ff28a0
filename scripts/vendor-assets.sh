#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
# Refresh the vendored front-end assets from npm (developers only; users never need npm).
# Usage: scripts/vendor-assets.sh   (or: make assets)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
npm init -y >/dev/null
npm install --silent --no-audit --no-fund "@kern-ux/native@${KERN_VERSION:-2.7.2}" "htmx.org@${HTMX_VERSION:-2.0.11}" "axe-core@${AXE_VERSION:-4.14.1}"
kern=node_modules/@kern-ux/native
dest="$here/stadtnetz/static/vendor/kern"
rm -rf "$dest" && mkdir -p "$dest/fonts/fira-sans"
cp "$kern/dist/kern.min.css" "$dest/"
# Only the weights KERN uses (400, 500, 600, 700 and italic); stadtnetz/static/css/fonts.css declares them.
cp "$kern/dist/fonts/fira-sans/"FiraSans-{Regular,Italic,Medium,SemiBold,Bold}.woff2 "$dest/fonts/fira-sans/"
cp "$kern/LICENSE.md" "$dest/LICENSE.md"
node -p "require('./$kern/package.json').version" > "$dest/VERSION"
hx="$here/stadtnetz/static/vendor/htmx"
rm -rf "$hx" && mkdir -p "$hx"
cp node_modules/htmx.org/dist/htmx.min.js "$hx/"
cp node_modules/htmx.org/LICENSE "$hx/LICENSE"
node -p "require('./node_modules/htmx.org/package.json').version" > "$hx/VERSION"
axe="$here/stadtnetz/core/tests/vendor"
mkdir -p "$axe"
cp node_modules/axe-core/axe.min.js "$axe/axe.min.js"
cp node_modules/axe-core/LICENSE "$axe/axe-core.LICENSE"
node -p "require('./node_modules/axe-core/package.json').version" > "$axe/axe-core.VERSION"
echo "vendored KERN $(cat "$dest/VERSION"), htmx $(cat "$hx/VERSION"), axe-core $(cat "$axe/axe-core.VERSION")"
