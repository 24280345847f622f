# Shared by the ferry.demo methods (sourced, POSIX sh).
#
# Parses the RGM argument vector the way real agents do:
#   method -R resource -T type -G group [-Z zone]
#   validate (-c|-u) -R resource -T type -G group [-r p=v]... [-x p=v]... [-g p=v]... [-X p{node}=v]...
# and sets RESOURCE, TYPE, GROUP, ZONE, VALIDATE_MODE and, for Validate, the -x values in
# XPROPS (one "name=value" per line).

RESOURCE=; TYPE=; GROUP=; ZONE=; VALIDATE_MODE=; XPROPS=
while getopts 'cuR:T:G:Z:r:x:g:X:' opt; do
  case "$opt" in
    c) VALIDATE_MODE=create ;;
    u) VALIDATE_MODE=update ;;
    R) RESOURCE=$OPTARG ;;
    T) TYPE=$OPTARG ;;
    G) GROUP=$OPTARG ;;
    Z) ZONE=$OPTARG ;;
    x) XPROPS="$XPROPS$OPTARG
" ;;
    r|g|X) ;;
    *) echo "usage: $0 [-c|-u] -R resource -T type -G group [-Z zone]" >&2; exit 1 ;;
  esac
done
if [ -z "$RESOURCE" ] || [ -z "$TYPE" ] || [ -z "$GROUP" ]; then
  echo "$0: -R, -T and -G are required" >&2
  exit 1
fi

NODE=${FERRY_NODE:-$(uname -n)}
STATE_DIR=${FERRY_DEMO_STATE:-/tmp/ferry-demo}/${FERRY_CLUSTER:-local}/$NODE
mkdir -p "$STATE_DIR"
PIDFILE=$STATE_DIR/$RESOURCE.pid
MONITOR_PIDFILE=$STATE_DIR/$RESOURCE.monitor.pid
LOGFILE=$STATE_DIR/$RESOURCE.log

log() { echo "$(date '+%Y-%m-%d %H:%M:%S') $NODE $RESOURCE: $*"; }

# ext NAME DEFAULT — an extension property's value (scha_resource_get prints the type on the
# first line and the value on the second), or DEFAULT when scha_resource_get is not available.
ext() {
  if command -v scha_resource_get >/dev/null 2>&1; then
    if out=$(scha_resource_get -O Extension -R "$RESOURCE" -G "$GROUP" "$1" 2>/dev/null); then
      printf '%s\n' "$out" | sed -n 2p
      return 0
    fi
  fi
  printf '%s\n' "$2"
}

# alive PID — the process exists and is not a zombie (an orphan whose reaper has not collected
# it yet still answers kill -0).
alive() {
  kill -0 "$1" 2>/dev/null || return 1
  [ -r "/proc/$1/stat" ] || return 0
  state=$(sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1)
  [ "$state" != Z ]
}

# running PIDFILE MARKER — true when the pid file names a live process whose command line holds
# MARKER (so a recycled pid is not mistaken for ours).
running() {
  [ -f "$1" ] || return 1
  pid=$(cat "$1" 2>/dev/null)
  case "$pid" in ''|*[!0-9]*) return 1 ;; esac
  alive "$pid" || return 1
  [ -r "/proc/$pid/cmdline" ] || return 0
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "$2"
}

# stop_pidfile PIDFILE MARKER — ends the process group the pid file names; idempotent.
stop_pidfile() {
  if running "$1" "$2"; then
    pid=$(cat "$1")
    kill -TERM "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null
    i=0
    while alive "$pid" && [ "$i" -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
    kill -KILL "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$1"
}

# spawn PIDFILE COMMAND... — starts COMMAND in its own session (so Stop can end its whole process
# group) with output to the log, and records its pid.
spawn() {
  file=$1; shift
  if command -v setsid >/dev/null 2>&1; then
    setsid "$@" </dev/null >>"$LOGFILE" 2>&1 &
  else
    "$@" </dev/null >>"$LOGFILE" 2>&1 &
  fi
  echo $! >"$file"
}

SERVICE_MARKER="ferry-demo-service-$RESOURCE"
MONITOR_MARKER="ferry-demo-monitor-$RESOURCE"
