# Shared by Ferry's built-in shell agents (sourced, POSIX sh). They use only the public agent
# interface a third-party agent has: the RGM's argument vector, the scha_* commands and pmfadm.
#
# Parses the RGM argument vector (spec §3.1):
#   method -R resource -T type -G group [-Z zone]
#   validate (-c|-u) -R resource -T type -G group [-r p=v]... [-x p=v]... [-g p=v]... [-X p{node}=v]...
# and sets RESOURCE, TYPE, GROUP, ZONE, VALIDATE_MODE (create|update|empty) and, for Validate, the
# -x and -r values in XPROPS and RPROPS (one "name=value" per line). Other arguments (after the
# options) stay in "$@".

RESOURCE=; TYPE=; GROUP=; ZONE=; VALIDATE_MODE=; XPROPS=; RPROPS=
OPTIND=1
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
    r) RPROPS="$RPROPS$OPTARG
" ;;
    g|X) ;;
    *) echo "usage: $0 [-c|-u] -R resource -T type -G group [-Z zone]" >&2; exit 1 ;;
  esac
done
shift $((OPTIND - 1))
if [ -z "$RESOURCE" ] || [ -z "$TYPE" ] || [ -z "$GROUP" ]; then
  echo "$0: -R, -T and -G are required" >&2
  exit 1
fi

NODE=${FERRY_NODE:-$(uname -n)}
METHOD=${FERRY_METHOD:-$(basename "$0")}
# The PMF nametags of this resource's fault monitor and of its standby-path monitor (DSDL style).
MON_TAG="$GROUP,$RESOURCE,0.mon"
STANDBY_TAG="$GROUP,$RESOURCE,0.stb"

# log MESSAGE — one line to the method log (stdout and stderr go there).
log() { printf '%s %s %s[%s]: %s\n' "$(date '+%Y-%m-%d %H:%M:%S')" "$NODE" "$RESOURCE" "$METHOD" "$*" >&2; }

# die MESSAGE — fail the method. The message is the last line of output, which the RGM shows
# (a refused Validate quotes it).
die() { log "$*"; printf '%s\n' "$*" >&2; exit 1; }

have() { command -v "$1" >/dev/null 2>&1; }

# _pick LIST NAME — the value of NAME (case-insensitive) in a "name=value" list; fails when absent.
_pick() {
  printf '%s' "$1" | awk -v want="$2" 'BEGIN { want = tolower(want) }
    { i = index($0, "="); if (i > 0 && tolower(substr($0, 1, i - 1)) == want) { print substr($0, i + 1); found = 1 } }
    END { exit found ? 0 : 1 }'
}

# prop NAME — the values of extension property NAME, one per line (a string array gives one line
# per element, an empty array none). Validate sees new values as -x NAME=v1,v2 (commas separate
# array elements on the command line, spec §1.5); everything else asks scha_resource_get, whose
# "-O Extension" answer is the property type on the first line, then the values.
# This is the one place the agents read their properties.
prop() {
  if v=$(_pick "$XPROPS" "$1"); then
    [ -n "$v" ] && printf '%s\n' "$v" | tr ',' '\n'
    return 0
  fi
  # A few tries: the node's agent may be restarting.
  for _try in 1 2 3; do
    if out=$(scha_resource_get -O Extension -R "$RESOURCE" -G "$GROUP" "$1"); then
      printf '%s\n' "$out" | sed 1d
      return 0
    fi
    [ "$_try" = 3 ] || sleep 0.5
  done
  return 1
}

# std_prop NAME — a system-defined resource property (Thorough_probe_interval, Retry_count …).
std_prop() {
  if v=$(_pick "$RPROPS" "$1"); then printf '%s\n' "$v"; return 0; fi
  scha_resource_get -O "$1" -R "$RESOURCE" -G "$GROUP"
}

# load_props NAME... — reads the extension properties NAME... into shell variables named in upper
# case (Ping_targets -> PING_TARGETS; arrays one element per line), all at once, or fails the
# method. Each scha_resource_get is a process start, so they run side by side.
load_props() {
  _d=$(mktemp -d) || die "mktemp failed"
  for _p in "$@"; do
    ( prop "$_p" >"$_d/$_p" 2>"$_d/$_p.err" || : >"$_d/$_p.failed" ) &
  done
  wait
  for _p in "$@"; do
    if [ -e "$_d/$_p.failed" ]; then
      _e=$(tail -n 1 "$_d/$_p.err")
      rm -rf "$_d"
      die "cannot read property $_p of $RESOURCE: ${_e:-scha_resource_get failed}"
    fi
    _v=$(cat "$_d/$_p")
    eval "$(printf '%s' "$_p" | tr '[:lower:]' '[:upper:]')=\$_v"
  done
  rm -rf "$_d"
}

# is_true VALUE — TRUE/true/1/yes.
is_true() { case "$1" in [Tt][Rr][Uu][Ee]|1|[Yy][Ee][Ss]) return 0 ;; *) return 1 ;; esac; }

# is_uint VALUE
is_uint() { case "$1" in ''|*[!0-9]*) return 1 ;; *) return 0 ;; esac; }

# set_status OK|DEGRADED|FAULTED|UNKNOWN|OFFLINE MESSAGE — the monitor-reported status (advisory).
set_status() {
  scha_resource_setstatus -R "$RESOURCE" -G "$GROUP" -s "$1" -m "$2" >/dev/null 2>&1 || log "scha_resource_setstatus $1 failed"
}

# request TAG — scha_control -O TAG (GIVEOVER, RESOURCE_RESTART …); its exit status.
request() {
  log "requesting scha_control $1"
  scha_control -O "$1" -R "$RESOURCE" -G "$GROUP"
}

# start_under_pmf TAG PROGRAM — runs "PROGRAM -R res -T type -G group" under PMF (a few restarts
# within 5 minutes, then PMF gives up and the agent reports the monitor dead). Idempotent.
start_under_pmf() {
  if pmfadm -q "$1" >/dev/null 2>&1; then return 0; fi
  pmfadm -c "$1" -n 3 -t 5 "$2" -R "$RESOURCE" -T "$TYPE" -G "$GROUP" || die "pmfadm -c $1 failed"
}

# stop_under_pmf TAG — ends what runs under TAG, waiting up to 10 s; idempotent.
stop_under_pmf() {
  pmfadm -q "$1" >/dev/null 2>&1 || pmfadm -l "$1" >/dev/null 2>&1 || return 0
  pmfadm -s "$1" -w 10 KILL >/dev/null 2>&1 || true
}
