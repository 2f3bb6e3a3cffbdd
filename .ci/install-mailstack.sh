#!/usr/bin/env bash
# Installs the real mail stack (Dovecot + Postfix) used by internal/mailstack
# end-to-end tests. Idempotent and non-interactive; never leaves the system
# dovecot/postfix daemons running (tests start private instances instead).
set -euo pipefail

PKGS=(dovecot-core dovecot-imapd dovecot-lmtpd postfix openssl ca-certificates)

if [ "$(id -u)" -ne 0 ]; then
	SUDO=sudo
else
	SUDO=
fi

missing=()
for p in "${PKGS[@]}"; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing+=("$p")
	fi
done

stop_system_daemons() {
	# The packages may have started daemons on a machine without policy-rc.d
	# (e.g. installed earlier by hand). Stop only those using the system config.
	if [ -s /var/spool/postfix/pid/master.pid ] || [ -s /var/lib/postfix/master.lock ]; then
		$SUDO postfix -c /etc/postfix stop >/dev/null 2>&1 || true
	fi
	if [ -s /run/dovecot/master.pid ]; then
		$SUDO doveadm -c /etc/dovecot/dovecot.conf stop >/dev/null 2>&1 ||
			$SUDO kill "$(cat /run/dovecot/master.pid)" 2>/dev/null || true
	fi
}

if [ "${#missing[@]}" -eq 0 ]; then
	echo "install-mailstack: all packages already installed"
	stop_system_daemons
	exit 0
fi

echo "install-mailstack: installing ${missing[*]}"

# Keep maintainer scripts from starting system daemons.
policy=/usr/sbin/policy-rc.d
policy_backup=
if [ -e "$policy" ]; then
	policy_backup=$(mktemp)
	$SUDO cp -p "$policy" "$policy_backup"
fi
restore_policy() {
	if [ -n "$policy_backup" ]; then
		$SUDO cp -p "$policy_backup" "$policy"
		rm -f "$policy_backup"
	else
		$SUDO rm -f "$policy"
	fi
}
trap restore_policy EXIT
printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$policy" >/dev/null
$SUDO chmod 0755 "$policy"

export DEBIAN_FRONTEND=noninteractive
echo "postfix postfix/main_mailer_type select No configuration" | $SUDO debconf-set-selections
echo "postfix postfix/mailname string localhost" | $SUDO debconf-set-selections

apt_install() {
	$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
		-o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "$@"
}
if ! apt_install "${missing[@]}"; then
	$SUDO apt-get update -q
	apt_install "${missing[@]}"
fi

stop_system_daemons
echo "install-mailstack: done ($(dovecot --version 2>/dev/null | head -1), postfix $(postconf -d -h mail_version 2>/dev/null))"
