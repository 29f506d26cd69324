#!/usr/bin/env bash
# `npm test`: every test, on a fresh machine of this kind. Installs what the tests need (npm
# packages, Debian's chromium), runs the unit and integration tests (vitest, against an embedded
# PostgreSQL they start and stop), builds the app, then runs the end-to-end tests (Playwright, in
# chromium, against `npm start` on a fresh embedded database). Leaves nothing running.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

if [ ! -d node_modules/.bin ] || [ ! -d lib/generated/prisma ]; then
  npm ci --no-audit --no-fund
fi

if ! command -v chromium >/dev/null 2>&1; then
  echo "[test] installing Debian's chromium for the end-to-end tests"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get install -y -qq chromium >/dev/null 2>&1 || { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq chromium; }
fi

# The LDAP tests start their own slapd (127.0.0.1, a free port, a generated slapd.conf) and load
# entries with ldapadd. The package also starts a system slapd on port 389: the tests never use it.
if [ ! -x /usr/sbin/slapd ] || ! command -v ldapadd >/dev/null 2>&1; then
  echo "[test] installing Debian's slapd and ldap-utils for the LDAP tests"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  # pgrep finds none on a fresh machine: under pipefail its status would stop the script.
  running_before=" $(pgrep -x slapd | tr '\n' ' ' || true) "
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slapd ldap-utils >/dev/null 2>&1 ||
    { $SUDO apt-get update -qq && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slapd ldap-utils; }
  # The install started the system's slapd: this script started it, so it stops it (nothing is left running).
  for pid in $(pgrep -x slapd || true); do
    case "$running_before" in *" $pid "*) ;; *) $SUDO kill "$pid" || true ;; esac
  done
fi

echo "[test] lint and format (ESLint, Prettier)"
npm run --silent lint

echo "[test] unit and integration tests (vitest)"
npx vitest run

echo "[test] building the console"
npx next build > /tmp/seatkeeper-build.log 2>&1 || { cat /tmp/seatkeeper-build.log; exit 1; }

# Two consoles: the demo site, and an empty one that the real-site walk-through sets up.
E2E_DATA_DIR="$(mktemp -d /tmp/seatkeeper-e2e-XXXXXX)"
E2E_REAL_DATA_DIR="$(mktemp -d /tmp/seatkeeper-e2e-real-XXXXXX)"
chmod 755 "$E2E_DATA_DIR" "$E2E_REAL_DATA_DIR"
E2E_SECRETS_FILE="$(mktemp /tmp/seatkeeper-e2e-secrets-XXXXXX)"
trap 'rm -rf "$E2E_DATA_DIR" "$E2E_REAL_DATA_DIR" "$E2E_SECRETS_FILE"' EXIT
export E2E_DATA_DIR E2E_REAL_DATA_DIR E2E_SECRETS_FILE
free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
export E2E_PORT="$(free_port)"
E2E_REAL_PORT="$(free_port)"
while [ "$E2E_REAL_PORT" = "$E2E_PORT" ]; do E2E_REAL_PORT="$(free_port)"; done
export E2E_REAL_PORT
echo "[test] end-to-end tests (Playwright, chromium) on ports $E2E_PORT (demo) and $E2E_REAL_PORT (real site)"
npx playwright test || {
  echo "[test] end-to-end tests failed; the consoles' logs end with:"
  tail -n 40 "$E2E_DATA_DIR/console.log" "$E2E_REAL_DATA_DIR/console.log" 2>/dev/null
  exit 1
}
