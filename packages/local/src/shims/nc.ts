/**
 * `nc`: busybox/openbsd netcat for images whose scripts listen or probe with it, on hosts without nc.
 * A POSIX sh wrapper exec'ing python3 (visible in every sandbox through /usr). Covered forms:
 *   listen: nc -l [-k] [-p] PORT [-s ADDR] [-e PROG ARGS...]   (PROG gets the connection as stdin/stdout;
 *           without -e the first connection is sent stdin and its data is copied to stdout)
 *   client: nc [-z] [-w SECS] [-e PROG] HOST PORT
 * Listeners bind ARGO_TS_POD_IP when the kubelet set it (each local pod has its own loopback
 * address, so two pods can listen on the same port as they can on Kubernetes), else all addresses.
 * The Python text must not contain a single quote: it is passed as one sh word.
 */
const NC_PY = String.raw`
import os, socket, subprocess, sys, threading
def die(msg, code=1):
    sys.stderr.write("nc: " + msg + "\n"); sys.exit(code)
def parse(argv):
    o = {"l": False, "k": False, "z": False, "v": False, "p": None, "w": None, "e": None, "s": None, "eargs": [], "pos": []}
    i = 0
    while i < len(argv):
        a = argv[i]; i += 1
        if a == "--" : o["pos"] += argv[i:]; break
        if len(a) < 2 or a[0] != "-":
            o["pos"].append(a); continue
        j = 1
        while j < len(a):
            f = a[j]; j += 1
            if f in "lkzvnN":
                if f in "lkzv": o[f] = True
            elif f in "pwes":
                val = a[j:] if j < len(a) else (argv[i] if i < len(argv) else None)
                if val is None: die("option -" + f + " needs a value")
                if j >= len(a): i += 1
                o[f] = val; j = len(a)
                if f == "e": o["eargs"] = argv[i:]; i = len(argv)
            elif f == "q":
                if j >= len(a): i += 1
                j = len(a)
            else: die("unsupported option -" + f + " (argo-ts shim)")
    return o
def port_of(s):
    try:
        p = int(s)
        if 0 <= p < 65536: return p
    except (TypeError, ValueError): pass
    die("bad port " + repr(s))
def pump_out(conn, out):
    try:
        while True:
            b = conn.recv(65536)
            if not b: break
            out.write(b); out.flush()
    except OSError: pass
def pump_in(conn, inp):
    try:
        while True:
            b = inp.read1(65536) if hasattr(inp, "read1") else inp.read(65536)
            if not b: break
            conn.sendall(b)
        conn.shutdown(socket.SHUT_WR)
    except OSError: pass
def talk(conn, o):
    if o["e"]:
        fd = conn.fileno()
        try: p = subprocess.run([o["e"]] + o["eargs"], stdin=fd, stdout=fd)
        except OSError as e: conn.close(); die("%s: %s" % (o["e"], e.strerror))
        conn.close(); return p.returncode
    t = threading.Thread(target=pump_in, args=(conn, sys.stdin.buffer), daemon=True); t.start()
    pump_out(conn, sys.stdout.buffer)
    t.join()  # a peer EOF ends only its direction: what stdin still holds is sent before closing
    conn.close(); return 0
def serve(o):
    port = port_of(o["p"] if o["p"] is not None else (o["pos"][-1] if o["pos"] else None))
    host = o["s"] or os.environ.get("ARGO_TS_POD_IP") or ""
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try: srv.bind((host, port)); srv.listen(16)
    except OSError as e: die("bind %s:%d: %s" % (host or "0.0.0.0", port, e.strerror))
    if o["v"]: sys.stderr.write("listening on %s:%d\n" % (host or "0.0.0.0", port))
    while True:
        conn, _ = srv.accept()
        if not o["k"]: srv.close(); return talk(conn, o)
        if o["e"]: threading.Thread(target=talk, args=(conn, o), daemon=True).start()
        else: talk(conn, o)
def client(o):
    if len(o["pos"]) < 2: die("usage: nc [-z] [-w SECS] HOST PORT | nc -l [-k] [-p] PORT [-e PROG]")
    host, port = o["pos"][0], port_of(o["pos"][1])
    timeout = float(o["w"]) if o["w"] else None
    try: conn = socket.create_connection((host, port), timeout=timeout)
    except OSError as e:
        if o["v"] or not o["z"]: sys.stderr.write("nc: %s:%d: %s\n" % (host, port, e.strerror or e))
        return 1
    if o["z"]:
        if o["v"]: sys.stderr.write("%s (%d) open\n" % (host, port))
        conn.close(); return 0
    conn.settimeout(None)
    return talk(conn, o)
o = parse(sys.argv[1:])
try: sys.exit(serve(o) if o["l"] else client(o))
except KeyboardInterrupt: sys.exit(130)
`;

export const NC_SH = `#!/bin/sh
# argo-ts shim for nc (netcat) on hosts without it
exec python3 -c '${NC_PY}' "$@"
`;
