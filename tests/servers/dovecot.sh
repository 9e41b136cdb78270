#!/bin/sh
# SPDX-License-Identifier: MIT
# dovecot.sh - start Debian's Dovecot (dovecot-imapd) on 127.0.0.1 for the
# tests, with its own config, run and state directories; stop it by PID.
#
#   dovecot.sh start DIR MAILDIR USER PASSWORD CERT KEY
#                        serve MAILDIR (a Maildir) to USER; IMAP with
#                        STARTTLS on one port, IMAPS on another (CERT and
#                        KEY: PEM files); prints "PORT IMAPS-PORT";
#                        DIR/run/master.pid holds the master's PID
#   dovecot.sh stop DIR  stop that Dovecot (TERM, then KILL), by PID only
#
# DOVECOT_PORTS="PORT IMAPS-PORT" in the environment asks for those ports
# (a restart on the same address).  DOVECOT_LISTEN=ADDRESS listens there
# instead of 127.0.0.1 (an address of this machine that is not the
# loopback); DOVECOT_SSL=no offers no TLS at all (no STARTTLS, no IMAPS
# port: "PORT 0" is printed).
#
# Plain-text login is allowed on this loopback address (so that the tests
# can check that the client itself insists on TLS).  As root (CI), the
# master stays root as Dovecot wants, its login processes run as dovenull
# and the mail as the dovecot user, which then owns MAILDIR; as anyone
# else, everything runs as that user.  DIR/dovecot.log has every login
# ("TLS" on those that used it).
set -eu

cmd=${1:?usage: dovecot.sh start DIR MAILDIR USER PASSWORD CERT KEY | stop DIR}
case $cmd in
start)
	dir=$(mkdir -p "${2:?dir}" && cd "$2" && pwd)
	maildir=$(cd "${3:?maildir}" && pwd)
	user=${4:?user}
	pass=${5:?password}
	cert=${6:?cert}
	key=${7:?key}
	dovecot=$(command -v dovecot || echo /usr/sbin/dovecot)
	[ -x "$dovecot" ] || { echo "dovecot.sh: dovecot is not installed (apt-get install dovecot-imapd)" >&2; exit 77; }
	mkdir -p "$dir/run" "$dir/state" "$dir/home"
	if [ "$(id -u)" = 0 ]; then
		internal=dovecot
		login=dovenull
		mailuser=dovecot
		chown -R dovecot:dovecot "$maildir" "$dir/home"
	else
		internal=$(id -un)
		login=$internal
		mailuser=$internal
	fi
	uid=$(id -u "$mailuser")
	gid=$(id -g "$mailuser")
	printf '%s:{PLAIN}%s:%s:%s::%s\n' "$user" "$pass" "$uid" "$gid" "$dir/home" > "$dir/passwd"
	chmod 644 "$dir/passwd" "$cert" "$key"
	addr=${DOVECOT_LISTEN:-127.0.0.1}
	ssl=${DOVECOT_SSL:-yes}
	tries=0
	while :; do
		port=$(/usr/bin/python3 -c "import socket; s=socket.socket(); s.bind(('$addr',0)); print(s.getsockname()[1])")
		sport=$(/usr/bin/python3 -c "import socket; s=socket.socket(); s.bind(('$addr',0)); print(s.getsockname()[1])")
		[ "$ssl" = yes ] || sport=0
		if [ -n "${DOVECOT_PORTS:-}" ]; then
			port=${DOVECOT_PORTS% *}
			sport=${DOVECOT_PORTS#* }
		fi
		cat > "$dir/dovecot.conf" <<CONF
base_dir = $dir/run
state_dir = $dir/state
instance_name = rw-test-$$
log_path = $dir/dovecot.log
info_log_path = $dir/dovecot.log
protocols = imap
listen = $addr
default_internal_user = $internal
default_internal_group = $(id -gn "$internal")
default_login_user = $login
ssl = $ssl
ssl_cert = <$cert
ssl_key = <$key
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_verbose = yes
mail_location = maildir:$maildir:LAYOUT=fs
mail_uid = $uid
mail_gid = $gid
first_valid_uid = 1
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $dir/passwd
}
userdb {
  driver = passwd-file
  args = username_format=%u $dir/passwd
}
service imap-login {
  chroot =
  inet_listener imap {
    address = $addr
    port = $port
  }
  inet_listener imaps {
    address = $addr
    port = $sport
    ssl = $ssl
  }
}
service anvil {
  chroot =
}
service stats {
  unix_listener stats-reader {
    mode = 0666
  }
  unix_listener stats-writer {
    mode = 0666
  }
}
CONF
		"$dovecot" -c "$dir/dovecot.conf" >"$dir/start.log" 2>&1 || true
		i=0
		while [ ! -s "$dir/run/master.pid" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
		# listening on both ports: ready
		i=0
		while [ $i -lt 50 ] && ! /usr/bin/python3 -c "
import socket,sys
for p in ($port,$sport):
    if p: socket.create_connection(('$addr',p),1).close()" 2>/dev/null; do
			sleep 0.1; i=$((i + 1))
		done
		if [ -s "$dir/run/master.pid" ] && [ $i -lt 50 ]; then
			echo "$port $sport"
			exit 0
		fi
		[ -s "$dir/run/master.pid" ] && kill "$(cat "$dir/run/master.pid")" 2>/dev/null || true
		tries=$((tries + 1))
		[ $tries -lt 3 ] || { cat "$dir/start.log" "$dir/dovecot.log" >&2 2>/dev/null; exit 1; }
	done
	;;
stop)
	dir=${2:?dir}
	[ -s "$dir/run/master.pid" ] || exit 0
	pid=$(cat "$dir/run/master.pid")
	kill "$pid" 2>/dev/null || exit 0
	i=0
	while kill -0 "$pid" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	kill -KILL "$pid" 2>/dev/null || true
	;;
esac
