# shellcheck shell=bash
# lib.sh - shared by the test scripts: results as "ok - NAME" / "not ok - NAME".
# Sourced; the caller sets TOP (the repo) or it is derived here.
TOP=${TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
PASSED=0 FAILED=0 SKIPPED=0

ok()   { PASSED=$((PASSED + 1)); echo "ok - $*"; }
nok()  { FAILED=$((FAILED + 1)); echo "not ok - $*"; }
skip() { SKIPPED=$((SKIPPED + 1)); echo "ok - # SKIP $*"; }

# check NAME CMD...: ok if CMD succeeds.
check() { local name=$1; shift; if "$@"; then ok "$name"; else nok "$name"; fi; }

# has FILE REGEX: the log has a line matching REGEX (shown on failure).
has() {
	if grep -Eq -- "$2" "$1"; then return 0; fi
	echo "#   expected /$2/ in $1; its tail:"; tail -n 15 "$1" | sed 's/^/#   | /'
	return 1
}

# summary: the closing line every suite prints.
summary() { echo "# totals: $PASSED passed, $FAILED failed, $SKIPPED skipped"; [ "$FAILED" -eq 0 ]; }
