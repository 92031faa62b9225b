#!/bin/sh
# Installs the Debian packages the integration tests need. Idempotent: installs only what is
# missing, and runs `apt-get update` only when something is missing.
set -eu

packages='slapd ldap-utils openssl'

missing=''
for package in $packages; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
    missing="$missing $package"
  fi
done

if [ -z "$missing" ]; then
  echo "install-test-deps: already installed:$(printf ' %s' $packages)"
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then sudo=''; else sudo='sudo'; fi

# Without this preseed the slapd package builds and starts a system-wide directory of its own;
# the tests run their own slapd from a temp directory instead.
echo 'slapd slapd/no_configuration boolean true' | $sudo debconf-set-selections

echo "install-test-deps: installing$missing"
$sudo apt-get update -q
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends $missing
