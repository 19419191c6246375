#!/usr/bin/env bash
# The README's first screen shows the portal as the browser tests last saw it.
set -euo pipefail
cd "$(dirname "$0")/.."
shot=.cache/screenshots/readme-portal-home.png
if [ ! -f "$shot" ]; then
  echo "No $shot yet: run the browser tests first (npm run test:browser), then this again." >&2
  exit 1
fi
cp "$shot" docs/portal-home.png
echo "docs/portal-home.png updated from $shot"
