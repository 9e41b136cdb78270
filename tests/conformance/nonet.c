/* SPDX-License-Identifier: MIT */
/* nonet.c - LD_PRELOAD shim for the robustness runs: any attempt to open
 * an Internet socket (libxml2's nanohttp/nanoftp, a resolver, curl) ends
 * the process with status 99 and a message, so that "the parser never
 * touches the network" is checked, not assumed.  Local (AF_UNIX) sockets
 * are allowed. */
#include <dlfcn.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

int socket(int domain, int type, int protocol);

int
socket(int domain, int type, int protocol)
{
	static int (*real_socket)(int, int, int);

	if (domain != AF_UNIX && domain != AF_NETLINK) {
		static const char msg[] = "repwatch-nonet: an Internet socket was opened\n";
		if (write(2, msg, sizeof(msg) - 1) < 0)
			_exit(99);
		_exit(99);
	}
	if (!real_socket)
		real_socket = (int (*)(int, int, int))dlsym(RTLD_NEXT, "socket");
	return real_socket ? real_socket(domain, type, protocol) : -1;
}
