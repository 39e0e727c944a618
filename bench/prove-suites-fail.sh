#!/usr/bin/env bash
# Shows the hostile-input and fault suites can fail: in a temporary copy of the repository (never the
# working tree) it removes escaping from h()/render() and makes errorMessage() rethrow, rebuilds there,
# runs each suite against its sabotaged build and reports whether it failed as it must.
#
#   bash bench/prove-suites-fail.sh [--control]
#
# --control first runs both suites on an unmodified copy (they must pass), which doubles the run time.
# Exit status 0 only when every sabotaged run failed (and, with --control, every control run passed).
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/yc-prove-XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
CONTROL=0
[[ "${1:-}" == "--control" ]] && CONTROL=1

HOSTILE=test/browser/hostile-input.test.ts
FAULTS=test/browser/faults.test.ts
status=0

# A copy of the sources; node_modules is shared read-only through a symlink, build output is the copy's own.
copy_repo() {
  local dest="$1"
  mkdir -p "$dest"
  (cd "$REPO" && tar --exclude=./node_modules --exclude=./.git --exclude=./target --exclude=./bench/results --exclude=./.emulator-data -cf - .) | (cd "$dest" && tar -xf -)
  ln -s "$REPO/node_modules" "$dest/node_modules"
}

# Replaces exactly one occurrence of $2 by $3 in file $1, or fails loudly (the sabotage must really apply).
patch_once() {
  node -e '
    const fs = require("fs");
    const [file, from, to] = process.argv.slice(1);
    const text = fs.readFileSync(file, "utf8");
    const count = text.split(from).length - 1;
    if (count !== 1) { console.error(`patch: expected 1 match in ${file}, found ${count}: ${from}`); process.exit(2); }
    fs.writeFileSync(file, text.replace(from, to));
  ' "$1" "$2" "$3"
}

build() {
  (cd "$1" && npm run --silent package >"$1/build.log" 2>&1) || { echo "  build failed, see log:"; tail -20 "$1/build.log"; return 1; }
}

# run_suite <dir> <suite> → prints a one-line verdict, returns jest's exit status.
run_suite() {
  local dir="$1" suite="$2" log
  log="$dir/$(basename "$suite" .ts).log"
  set +e
  # A sabotaged build fails every wait: shorten the fault suite's settle wait so it fails in minutes, not hours.
  (cd "$dir" && YC_FAULTS_SETTLE_MS="${SETTLE_MS:-30000}" timeout 900 npx jest --config jest.browser.config.js --runInBand "$suite" >"$log" 2>&1)
  local rc=$?
  set -e
  local summary
  summary="$(grep -E '^Tests:' "$log" | tail -1)"
  echo "  $suite → exit $rc; ${summary:-no jest summary (see below)}"
  if [[ $rc -ne 0 ]]; then
    # The first failure reasons, so the record shows WHY it failed, not just that it did.
    grep -E '^\s+● ' "$log" | head -8 | sed 's/^/    /'
    # ...and the first lines of what the failures saw (canary, injected elements, missing messages).
    grep -E '^\s+\+ |Timeout [0-9]+ms exceeded|Received' "$log" | head -8 | sed 's/^/      /'
    [[ -z "$summary" ]] && tail -15 "$log" | sed 's/^/    /'
  fi
  return $rc
}

expect_fail() {
  if run_suite "$1" "$2"; then
    echo "  ✗ $2 PASSED against the sabotaged build: it does not detect the defect"
    status=1
  else
    echo "  ✓ $2 failed, as it must"
  fi
}

if [[ $CONTROL -eq 1 ]]; then
  echo "== control: unmodified copy"
  copy_repo "$WORK/control"
  build "$WORK/control"
  for suite in "$HOSTILE" "$FAULTS"; do
    if run_suite "$WORK/control" "$suite"; then echo "  ✓ passes"; else echo "  ✗ control run failed"; status=1; fi
  done
fi

echo "== sabotage 1: h()/render() put text in through innerHTML (frontend/ui/dom.ts)"
copy_repo "$WORK/no-escaping"
patch_once "$WORK/no-escaping/frontend/ui/dom.ts" \
  "else parent.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));" \
  "else if (typeof child === 'object') parent.appendChild(child); else { const holder = document.createElement('span'); holder.innerHTML = String(child); parent.appendChild(holder); }"
build "$WORK/no-escaping"
expect_fail "$WORK/no-escaping" "$HOSTILE"

echo "== sabotage 2: errorMessage() rethrows instead of rendering (frontend/ui-widgets/error-message.ts)"
copy_repo "$WORK/no-error-handling"
patch_once "$WORK/no-error-handling/frontend/ui-widgets/error-message.ts" \
  "export function errorMessage(error: unknown): HTMLElement | null {" \
  "export function errorMessage(error: unknown): HTMLElement | null {
  throw error;"
build "$WORK/no-error-handling"
SETTLE_MS=5000 expect_fail "$WORK/no-error-handling" "$FAULTS"

if [[ $status -eq 0 ]]; then echo "RESULT: both suites detect their defect"; else echo "RESULT: a suite did not behave as required"; fi
exit $status
