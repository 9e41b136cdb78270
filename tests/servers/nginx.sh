#!/bin/sh
# SPDX-License-Identifier: MIT
# nginx.sh - start Debian's nginx on 127.0.0.1 for the tests, stop it by PID.
#
#   nginx.sh start ROOT DIR   serve ROOT from a fresh config in DIR; prints the
#                             port; DIR/nginx.pid holds the master's PID
#   nginx.sh stop DIR         stop that nginx (TERM, then KILL), by PID only
#
# gzip_static, ETag and Last-Modified are on, so conditional GETs and
# pre-compressed .gz siblings behave as on a real site.  With
# NGINX_TLS_CERT and NGINX_TLS_KEY (PEM files) set, it serves HTTPS and
# HTTP/2 instead of plain HTTP.
#
# NGINX_PORT=N in the environment asks for that port instead of a free one.
# NGINX_SERVER_EXTRA adds its directives to the server block (a location
# that redirects, say).
#
# access.log is nginx's "combined" format followed by what the tests check:
#   conn=CONNECTION-SERIAL reqs=REQUESTS-ON-IT proto=PROTOCOL
#   inm="If-None-Match" ims="If-Modified-Since" ae="Accept-Encoding"
set -eu

cmd=${1:?usage: nginx.sh start ROOT DIR | stop DIR}
case $cmd in
start)
	root=$(cd "${2:?root}" && pwd)
	dir=${3:?dir}
	mkdir -p "$dir/tmp"
	nginx=$(command -v nginx || echo /usr/sbin/nginx)
	[ -x "$nginx" ] || { echo "nginx.sh: nginx is not installed (apt-get install nginx-light)" >&2; exit 77; }
	tries=0
	while :; do
		port=${NGINX_PORT:-$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')}
		listen="listen 127.0.0.1:$port;"
		if [ -n "${NGINX_TLS_CERT:-}" ]; then
			listen="listen 127.0.0.1:$port ssl http2;
		ssl_certificate $NGINX_TLS_CERT;
		ssl_certificate_key $NGINX_TLS_KEY;"
		fi
		cat > "$dir/nginx.conf" <<CONF
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 256; }
http {
	log_format tests '\$remote_addr - \$remote_user [\$time_local] "\$request" \$status \$body_bytes_sent '
	                 '"\$http_referer" "\$http_user_agent" conn=\$connection reqs=\$connection_requests '
	                 'proto=\$server_protocol inm="\$http_if_none_match" ims="\$http_if_modified_since" '
	                 'ae="\$http_accept_encoding"';
	access_log $dir/access.log tests;
	client_body_temp_path $dir/tmp/body;
	proxy_temp_path $dir/tmp/proxy;
	fastcgi_temp_path $dir/tmp/fastcgi;
	uwsgi_temp_path $dir/tmp/uwsgi;
	scgi_temp_path $dir/tmp/scgi;
	types {
		application/rss+xml rss;
		application/atom+xml atom;
		application/rdf+xml rdf;
		application/xml xml opml;
		text/html html;
	}
	default_type application/octet-stream;
	sendfile on;
	keepalive_requests 10000;
	server {
		$listen
		root $root;
		gzip_static on;
		etag on;
		if_modified_since exact;
		${NGINX_SERVER_EXTRA:-}
	}
}
CONF
		"$nginx" -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log" 2>>"$dir/error.log" && break
		tries=$((tries + 1))
		[ $tries -lt 5 ] && [ -z "${NGINX_PORT:-}" ] || { cat "$dir/error.log" >&2; exit 1; }
	done
	i=0
	while [ ! -s "$dir/nginx.pid" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	echo "$port"
	;;
stop)
	dir=${2:?dir}
	[ -s "$dir/nginx.pid" ] || exit 0
	pid=$(cat "$dir/nginx.pid")
	kill -TERM "$pid" 2>/dev/null || exit 0
	i=0
	while kill -0 "$pid" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	kill -KILL "$pid" 2>/dev/null || true
	;;
*)
	echo "usage: nginx.sh start ROOT DIR | stop DIR" >&2
	exit 2
	;;
esac
