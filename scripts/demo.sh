#!/usr/bin/env bash
# Set up (if needed) and grade the bundled sample submission, showing the feedback.
# Usage: scripts/demo.sh [zh|en]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec .venv/bin/ch2-grade grade samples/typical-mistakes --format text --lang "${1:-zh}"
