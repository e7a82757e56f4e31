#!/usr/bin/env bash
# couler::net against wrk on the same nginx, in one run (docs/benchmarks.md has the results).
#   benchmarks/net/run_bench.sh BUILD/benchmarks/net/bench_http [REQUESTS] [TRIALS] [WRK_SECONDS]
# Starts nginx on a free 127.0.0.1 port with a generated config in a scratch directory, serving a
# 1 KiB file and a 100,000-line NDJSON file (~1 KiB lines, as Kubernetes watch events are), then
# alternates, TRIALS times: bench_http --requests REQUESTS (sequential keep-alive GETs of the
# 1 KiB file) and wrk -t1 -c1 -dWRK_SECONDS on the same URL; then streams the NDJSON file TRIALS
# times. Prints one JSON line per trial and a summary line with medians.
set -euo pipefail
bench=${1:?usage: run_bench.sh BENCH_HTTP [REQUESTS] [TRIALS] [WRK_SECONDS]}
requests=${2:-20000}
trials=${3:-5}
wrk_seconds=${4:-5}
nginx=$(command -v nginx || echo /usr/sbin/nginx)
command -v wrk >/dev/null || { echo "wrk is not installed (Debian package wrk)" >&2; exit 2; }
[ -x "$nginx" ] || { echo "nginx is not installed (Debian package nginx)" >&2; exit 2; }

work=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
mkdir -p "$work/www" "$work/logs"
python3 - "$work/www" <<'PY'
import sys, json
d = sys.argv[1]
open(d + "/1k.txt", "w").write("k" * 1024)
with open(d + "/events.ndjson", "w") as f:
    for i in range(100000):
        ev = {"type": "MODIFIED", "object": {"kind": "Workflow", "metadata": {"name": "wf-%06d" % i,
              "resourceVersion": str(1000000 + i)}, "status": {"phase": "Running", "message": "x" * 860}}}
        f.write(json.dumps(ev, separators=(",", ":")) + "\n")
PY
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
user_line=; [ "$(id -u)" = 0 ] && user_line="user root;"
cat > "$work/nginx.conf" <<CONF
daemon off;
$user_line
worker_processes 1;
pid $work/nginx.pid;
error_log $work/logs/error.log warn;
events { worker_connections 256; }
http {
  access_log off;
  keepalive_requests 10000000;
  keepalive_timeout 60s;
  client_body_temp_path $work/body;
  proxy_temp_path $work/proxy;
  fastcgi_temp_path $work/fastcgi;
  uwsgi_temp_path $work/uwsgi;
  scgi_temp_path $work/scgi;
  types { text/plain txt; application/x-ndjson ndjson; }
  server { listen 127.0.0.1:$port; root $work/www; }
}
CONF
"$nginx" -e "$work/logs/error.log" -p "$work" -c "$work/nginx.conf" &
pid=$!
for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.1; done

url=http://127.0.0.1:$port/1k.txt
couler_rps=(); wrk_rps=(); mbps=()
for t in $(seq "$trials"); do
  line=$("$bench" --url "$url" --requests "$requests")
  echo "$line"
  couler_rps+=($(sed -E 's/.*"requests_per_second":([0-9.e+]+).*/\1/' <<<"$line"))
  w=$(wrk -t1 -c1 -d"${wrk_seconds}s" "$url")
  r=$(awk '/^Requests\/sec:/ {print $2}' <<<"$w")
  echo "{\"bench\":\"wrk_t1_c1\",\"url\":\"$url\",\"seconds\":$wrk_seconds,\"requests_per_second\":$r}"
  wrk_rps+=("$r")
done
for t in $(seq "$trials"); do
  line=$("$bench" --url "http://127.0.0.1:$port/events.ndjson" --stream-lines)
  echo "$line"
  mbps+=($(sed -E 's/.*"mb_per_second":([0-9.e+]+).*/\1/' <<<"$line"))
done
python3 - "${couler_rps[*]}" "${wrk_rps[*]}" "${mbps[*]}" <<'PY'
import sys, statistics as st
c = [float(x) for x in sys.argv[1].split()]
w = [float(x) for x in sys.argv[2].split()]
m = [float(x) for x in sys.argv[3].split()]
print('{"bench":"http_summary","trials":%d,"couler_rps_median":%.0f,"couler_rps_min":%.0f,"couler_rps_max":%.0f,'
      '"wrk_rps_median":%.0f,"wrk_rps_min":%.0f,"wrk_rps_max":%.0f,"ratio_of_medians":%.3f,'
      '"stream_mb_per_second_median":%.1f,"stream_mb_per_second_min":%.1f,"stream_mb_per_second_max":%.1f}'
      % (len(c), st.median(c), min(c), max(c), st.median(w), min(w), max(w), st.median(c) / st.median(w),
         st.median(m), min(m), max(m)))
PY
