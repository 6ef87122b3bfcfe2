#!/usr/bin/env bash
# Renders the bundled example's status page to docs/_static/status-page.png (the picture in
# docs/status-page.md). Needs the package installed and Chromium (.ci/install-chromium).
# Usage: docs/render-status-page.sh [OUTSOURCING_COMMAND]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
command="${1:-outsourcing}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$command" report --format html > "$work/status.html"
mkdir -p "$here/_static"
chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run --hide-scrollbars \
    --user-data-dir="$work/profile" --window-size=1000,1500 \
    --screenshot="$here/_static/status-page.png" "file://$work/status.html" 2>/dev/null
echo "wrote $here/_static/status-page.png"
