#!/bin/sh
# nginx.sh - start Debian's nginx on 127.0.0.1 for the tests, stop it by PID.
#
#   nginx.sh start ROOT DIR   serve ROOT from a fresh config in DIR; prints the
#                             port; DIR/nginx.pid holds the master's PID
#   nginx.sh stop DIR         stop that nginx (TERM, then KILL), by PID only
#
# NGINX_PORT=N in the environment asks for that port instead of a free one.
# The access log records the conditional headers of each request
# (inm="If-None-Match" ims="If-Modified-Since"), "-" when absent.
#
# gzip_static, ETag and Last-Modified are on, so conditional GETs and
# pre-compressed .gz siblings behave as on a real site.
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
		cat > "$dir/nginx.conf" <<CONF
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 256; }
http {
	log_format rw '\$remote_addr "\$request" \$status \$body_bytes_sent inm="\$http_if_none_match" ims="\$http_if_modified_since" ae="\$http_accept_encoding" ua="\$http_user_agent"';
	access_log $dir/access.log rw;
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
		listen 127.0.0.1:$port;
		root $root;
		gzip_static on;
		etag on;
		if_modified_since exact;
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
