#!/usr/bin/env bash
# The several-servers tests start their own PostgreSQL and Redis (Debian's packages), in
# temporary folders on loopback ports. Installs them with apt when missing on a Debian
# machine; otherwise says what to install. `npm start` needs neither.
set -euo pipefail

have_postgres() {
  compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || command -v initdb >/dev/null 2>&1
}
have_redis() {
  command -v redis-server >/dev/null 2>&1
}

missing=()
have_postgres || missing+=(postgresql)
have_redis || missing+=(redis-server)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

if command -v apt-get >/dev/null 2>&1; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    # Not root: only with sudo that needs no password prompt (tests must not stop to ask).
    if ! command -v sudo >/dev/null 2>&1 || ! sudo -n true 2>/dev/null; then
      echo "The several-servers tests need ${missing[*]}: run 'sudo apt-get install ${missing[*]}', then run the tests again." >&2
      exit 1
    fi
    SUDO="sudo"
  fi
  echo "Installing ${missing[*]} for the several-servers tests (apt-get install)…"
  $SUDO apt-get update -qq
  # The packages' own services are not wanted: each test starts a private instance.
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
  exit 0
fi
echo "The several-servers tests need ${missing[*]} (Debian: apt-get install ${missing[*]})," >&2
echo "with PostgreSQL's initdb and postgres and Redis's redis-server installed; then run the tests again." >&2
exit 1
