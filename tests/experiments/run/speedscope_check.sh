#!/usr/bin/env bash
# Opens each trace.json given in speedscope, a real viewer, in headless
# Chromium and prints how many spans speedscope could not end where the file
# says ("Tried to end ... Doing nothing instead": spans that overlap when
# their ts + dur is added in doubles). A manual check, not part of ctest: it
# needs `chromium` (Debian package) and `npm` (speedscope from the npm
# registry), which the project's install scripts do not install.
#
#   tests/experiments/run/speedscope_check.sh RUN_DIR/trace.json [...]
#
# Prints one line per file: the file, the warnings, and whether speedscope
# imported it as a Trace Event Format profile. Exit status 1 if any file has
# warnings or was not imported.
set -euo pipefail

if [ $# -eq 0 ]; then
  echo "usage: $0 TRACE_JSON [TRACE_JSON ...]" >&2
  exit 2
fi
for tool in chromium npm node; do
  command -v "$tool" >/dev/null || { echo "$0: needs $tool on the PATH" >&2; exit 2; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm init -y >/dev/null && npm install --silent speedscope@1.25.0 >/dev/null)
viewer="$work/node_modules/speedscope/dist/release/index.html"
[ -f "$viewer" ] || { echo "$0: speedscope's page not found after npm install" >&2; exit 2; }

status=0
i=0
for trace in "$@"; do
  i=$((i + 1))
  # speedscope's own command line hands a profile to its page this way: a
  # script that calls loadFileFromBase64, named in the URL's hash.
  loader="$work/profile_$i.js"
  node -e 'const fs = require("fs");
    fs.writeFileSync(process.argv[2], "speedscope.loadFileFromBase64(\"trace.json\", " +
      JSON.stringify(fs.readFileSync(process.argv[1]).toString("base64")) + ")")' "$trace" "$loader"
  log="$work/console_$i.log"
  timeout 300 chromium --headless --no-sandbox --disable-gpu --enable-logging=stderr --v=0 \
    --allow-file-access-from-files --virtual-time-budget=30000 --dump-dom \
    "file://$viewer#localProfilePath=$loader" >/dev/null 2>"$log" || true
  warnings=$(grep -c 'Tried to end' "$log" || true)
  imported=$(grep -c 'Importing as Trace Event Format profile' "$log" || true)
  echo "$trace: $warnings 'Tried to end' warnings, imported: $([ "$imported" -gt 0 ] && echo yes || echo no)"
  if [ "$warnings" -gt 0 ] || [ "$imported" -eq 0 ]; then status=1; fi
done
exit $status
