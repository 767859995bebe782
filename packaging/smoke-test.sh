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
# Installed with the pip that Python ships (ensurepip's, never upgraded): an old pip must find
# every dependency we need (pip 23.2 does not resolve extras such as lxml[html_clean]).
"$python" -m venv "$scratch/venv"
venv="$scratch/venv/bin"
shipped=$("$venv/python" -c "import ensurepip; print(ensurepip.version())")
"$venv/python" -m pip --version | grep -q "^pip $shipped " \
  || { echo "the venv's pip is not the one Python ships ($shipped)"; exit 1; }
echo "pip $shipped (shipped with $("$venv/python" --version))"
"$venv/python" -m pip install --quiet --disable-pip-version-check "$wheel"
"$venv/clipper" --version
(cd "$scratch" && QT_QPA_PLATFORM=offscreen HOME="$scratch" "$venv/clipper" --self-check)

echo "== web capture with the installed wheel"
mkdir "$scratch/site"
cat > "$scratch/site/a.html" <<'HTML'
<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Ports reopen as tariff talks resume</title>
<meta name="author" content="Jane Smoke"></head>
<body><article><h1>Ports reopen as tariff talks resume</h1>
<p>Singapore's container ports reopened on Monday after a week of disruption, the port authority
said, as trade ministers from China, Japan and Korea met to resume talks on steel tariffs.</p>
<p>The ministers agreed to meet again next month. Shipping lines said schedules would return to
normal within ten days, and freight rates fell for the first time since March.</p>
<p>Analysts said the agreement was a modest step, but one that markets had waited for since the
talks broke down at the end of last year.</p>
</article></body></html>
HTML
"$venv/python" -u -m http.server 0 --bind 127.0.0.1 --directory "$scratch/site" \
  >"$scratch/server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; rm -rf "$scratch"' EXIT
port=
for _ in $(seq 50); do
  port=$(grep -o 'port [0-9]*' "$scratch/server.log" | grep -o '[0-9]*' || true)
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || { echo "the local HTTP server did not start"; cat "$scratch/server.log"; exit 1; }
url="http://127.0.0.1:$port/a.html"
export NO_PROXY=127.0.0.1 no_proxy=127.0.0.1
library="$scratch/library"
HOME="$scratch" "$venv/clipper" --library "$library" add --json "$url" | tee "$scratch/added.json"
id=$("$venv/python" -c 'import json, sys; print(json.load(open(sys.argv[1]))["id"])' \
  "$scratch/added.json")
HOME="$scratch" "$venv/clipper" --library "$library" show --json "$id" >"$scratch/shown.json"
"$venv/python" - "$scratch/added.json" "$scratch/shown.json" "$url" <<'PY'
import json, sys
added, shown = (json.load(open(path)) for path in sys.argv[1:3])
assert added["status"] == "imported", added
text = json.dumps(shown)
for wanted in (sys.argv[3], "Ports reopen as tariff talks resume", "freight rates fell"):
    assert wanted in text, f"the stored clipping lacks {wanted!r}: {text[:500]}"
print("web capture: stored clipping", added["id"], repr(added["title"]))
PY
kill "$server"; wait "$server" 2>/dev/null || true

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
