#!/usr/bin/env bash
# Lighthouse (desktop and mobile) on home, a finding, a quote and the references page of SITE_DIR.
# Prints a Markdown table of the four category scores. Usage: bench/lighthouse.sh [SITE_DIR]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
site="${1:-site}"
out="$(mktemp -d)"
(cd "$here/lighthouse" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
python3 "$here/serve_gzip.py" "$site" 8765 &
server=$!
trap 'kill $server' EXIT
sleep 1
echo "| page | form factor | performance | accessibility | best practices | SEO |"
echo "|---|---|---:|---:|---:|---:|"
for path in "" "hallazgos/motivacion-1/" "citas/dmpp5-01/" "referencias/"; do
  for form in desktop mobile; do
    preset=()
    [ "$form" = desktop ] && preset=(--preset=desktop)
    profile="$(mktemp -d)"
    CHROME_PATH=/usr/bin/chromium "$here/lighthouse/node_modules/.bin/lighthouse" "http://127.0.0.1:8765/$path" \
      "${preset[@]}" --quiet --output=json --output-path="$out/r.json" \
      --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-quic --disable-background-networking --user-data-dir=$profile" >/dev/null 2>&1 || true
    python3 - "$out/r.json" "/$path" "$form" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
c = r["categories"]
score = lambda k: f"{c[k]['score']:.2f}" if c.get(k) and c[k]["score"] is not None else "n/a"
print(f"| {sys.argv[2]} | {sys.argv[3]} | {score('performance')} | {score('accessibility')} | {score('best-practices')} | {score('seo')} |")
PY
    rm -rf "$profile"
  done
done
