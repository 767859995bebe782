#!/usr/bin/env bash
# Smoke tests of what `make package` built: the wheel installed into a clean virtual
# environment, and the frozen application; then the desktop metadata validators.
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-.venv/bin/python}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

wheel=$(ls dist/clipper-*.whl | head -n 1)
echo "== wheel: $wheel"
"$python" -m venv "$scratch/venv"
"$scratch/venv/bin/python" -m pip install --quiet "$wheel"
"$scratch/venv/bin/clipper" --version
(cd "$scratch" && QT_QPA_PLATFORM=offscreen HOME="$scratch" "$scratch/venv/bin/clipper" --self-check)

echo "== frozen application: dist/app/clipper"
QT_QPA_PLATFORM=offscreen HOME="$scratch" dist/app/clipper/clipper --version
QT_QPA_PLATFORM=offscreen HOME="$scratch" dist/app/clipper/clipper --self-check

echo "== desktop metadata"
if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate packaging/org.clipper.Clipper.desktop && echo "desktop entry: valid"
else
  echo "desktop-file-validate is not installed (Debian: desktop-file-utils)"; exit 1
fi
if command -v appstreamcli >/dev/null; then
  appstreamcli validate --no-net packaging/org.clipper.Clipper.metainfo.xml
else
  echo "appstreamcli is not installed (Debian: appstream)"; exit 1
fi

echo "== sizes"
du -sh dist/*.whl dist/*.tar.gz dist/app/clipper
