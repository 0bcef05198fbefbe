#!/usr/bin/env bash
# Install the headless browser that tests/test_browser.py drives: Debian's chromium
# (~115 MB download) and a small CJK font (fonts-wqy-microhei, ~1.6 MB) so that the
# Chinese feedback renders in the screenshots. Playwright itself comes with the dev
# extras (scripts/setup.sh); it drives this chromium, so `playwright install` is not needed.
#
# Never fails: where chromium cannot be installed (not root, no apt-get, no network),
# it says why and exits 0, and the browser test skips with the same reason.
set -uo pipefail

if command -v chromium >/dev/null 2>&1; then
    exit 0
fi
if [ "$(id -u)" != 0 ]; then
    echo "setup-browser: chromium is not installed and this is not root: the browser test will skip." >&2
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "setup-browser: chromium is not installed and there is no apt-get: the browser test will skip." >&2
    exit 0
fi
echo "setup-browser: installing chromium and fonts-wqy-microhei with apt-get..." >&2
start=$(date +%s)
if DEBIAN_FRONTEND=noninteractive apt-get update -qq \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        chromium fonts-wqy-microhei >/dev/null; then
    echo "setup-browser: installed in $(($(date +%s) - start)) s." >&2
else
    echo "setup-browser: apt-get could not install chromium: the browser test will skip." >&2
fi
exit 0
