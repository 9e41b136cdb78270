#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""sni_watcher.py - a StatusNotifierWatcher on the session bus, for tests.

What a desktop's tray host provides (KDE's protocol, used by Ayatana
AppIndicator): owns org.kde.StatusNotifierWatcher, accepts
RegisterStatusNotifierItem and says a host is registered.  Each item that
registers is written to --log as "item SENDER PATH", so a test can see
that repwatch-tray put its icon in the tray.  Stops after --lifetime
seconds.  Needs python3-gi.
"""
import argparse
import sys

from gi.repository import Gio, GLib

XML = """
<node>
  <interface name="org.kde.StatusNotifierWatcher">
    <method name="RegisterStatusNotifierItem"><arg type="s" direction="in"/></method>
    <method name="RegisterStatusNotifierHost"><arg type="s" direction="in"/></method>
    <property name="RegisteredStatusNotifierItems" type="as" access="read"/>
    <property name="IsStatusNotifierHostRegistered" type="b" access="read"/>
    <property name="ProtocolVersion" type="i" access="read"/>
    <signal name="StatusNotifierItemRegistered"><arg type="s"/></signal>
    <signal name="StatusNotifierHostRegistered"/>
  </interface>
</node>
"""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--log", required=True)
    ap.add_argument("--lifetime", type=int, default=300)
    args = ap.parse_args()
    items = []
    loop = GLib.MainLoop()
    node = Gio.DBusNodeInfo.new_for_xml(XML)

    def log(line):
        with open(args.log, "a", encoding="utf-8") as f:
            f.write(line + "\n")

    def on_call(conn, sender, path, iface, method, params, invocation):
        if method == "RegisterStatusNotifierItem":
            service = params.unpack()[0]
            # an item path alone means "at the sender's name"
            item = (sender + service) if service.startswith("/") else service
            items.append(item)
            log("item %s %s" % (sender, service))
            conn.emit_signal(None, "/StatusNotifierWatcher", "org.kde.StatusNotifierWatcher",
                             "StatusNotifierItemRegistered", GLib.Variant("(s)", (item,)))
        invocation.return_value(None)

    def on_get(conn, sender, path, iface, prop):
        if prop == "RegisteredStatusNotifierItems":
            return GLib.Variant("as", items)
        if prop == "IsStatusNotifierHostRegistered":
            return GLib.Variant("b", True)
        return GLib.Variant("i", 0)

    def on_bus(conn, name):
        conn.register_object("/StatusNotifierWatcher", node.interfaces[0], on_call, on_get, None)

    def on_name(conn, name):
        log("owned %s" % name)

    def on_lost(conn, name):
        log("lost %s" % name)
        loop.quit()

    Gio.bus_own_name(Gio.BusType.SESSION, "org.kde.StatusNotifierWatcher",
                     Gio.BusNameOwnerFlags.NONE, on_bus, on_name, on_lost)
    GLib.timeout_add_seconds(args.lifetime, loop.quit)
    loop.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
