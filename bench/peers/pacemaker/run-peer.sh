#!/usr/bin/env bash
# run-peer.sh install|start|stop|status — a single-node Corosync 3 + Pacemaker 2 cluster on 127.0.0.1, run
# without systemd as plain background processes, used as the comparison peer by
# bench/pacemaker.bench.ts.
#
# Contract:
#   start   idempotent; exit 0 once the node is online, a DC is elected and the bench properties are
#           set (stonith-enabled=false, no-quorum-policy=ignore). Exit 2 with "cannot: <reason>" on
#           stderr when the peer cannot run here (not root, packages missing, a foreign cluster
#           already running, ...); exit 1 when it was tried and failed (see the logs named).
#   stop    idempotent; ends only the processes this script started (by the PIDs it recorded) and
#           puts back any CIB / scheduler files that were there before `start`.
#   status  exit 0 and "running" when up, exit 3 and "stopped" otherwise.
#   install apt-get installs Debian's pacemaker and corosync (machines here are not kept).
#
# State (config, authkey, PID files, logs) lives in $FERRY_PACEMAKER_DIR (default
# /tmp/ferry-pacemaker-peer). Pacemaker's own CIB and scheduler directories are compiled in
# (/var/lib/pacemaker/{cib,pengine}); whatever was in them is moved to $DIR/saved on start and
# moved back on stop, so each start begins with an empty configuration.
# /etc/corosync is never touched: corosync is started with `-c $DIR/corosync.conf`.
set -u

DIR="${FERRY_PACEMAKER_DIR:-/tmp/ferry-pacemaker-peer}"
PORT="${FERRY_PACEMAKER_PORT:-5405}"
START_TIMEOUT_S="${FERRY_PACEMAKER_START_TIMEOUT_S:-180}"
STOP_TIMEOUT_S="${FERRY_PACEMAKER_STOP_TIMEOUT_S:-180}"
PCMK_LIB=/var/lib/pacemaker
OWNED_DIRS=(cib pengine)

cannot() { echo "run-peer: cannot: $*" >&2; exit 2; }
fail() { echo "run-peer: failed: $*" >&2; exit 1; }
say() { echo "run-peer: $*" >&2; }

# A recorded PID counts only while it is alive and still runs the expected program (PIDs get reused).
pid_alive() { # file comm
  local pid
  [ -f "$1" ] || return 1
  pid="$(cat "$1")"
  [ -n "$pid" ] && [ -d "/proc/$pid" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$2" ]
}

preflight() {
  [ "$(id -u)" = 0 ] || cannot "must run as root (corosync and pacemaker-execd need it)"
  local b
  for b in corosync corosync-keygen corosync-cfgtool pacemakerd cibadmin crm_mon crm_attribute crm_resource; do
    command -v "$b" >/dev/null 2>&1 || cannot "$b not found; install with: apt-get install -y pacemaker corosync"
  done
  [ -x /usr/lib/ocf/resource.d/pacemaker/Dummy ] || cannot "ocf:pacemaker:Dummy agent missing (package pacemaker-resource-agents)"
  id hacluster >/dev/null 2>&1 || cannot "user hacluster missing (the pacemaker package creates it)"
  [ -d "$PCMK_LIB" ] || cannot "$PCMK_LIB missing"
}

is_running() {
  pid_alive "$DIR/corosync.pid" corosync && pid_alive "$DIR/pacemakerd.pid" pacemakerd
}

# Any corosync / pacemakerd that is not ours: two would fight over the same IPC names and CIB.
foreign_cluster() {
  local p own_c="" own_p=""
  [ -f "$DIR/corosync.pid" ] && own_c="$(cat "$DIR/corosync.pid")"
  [ -f "$DIR/pacemakerd.pid" ] && own_p="$(cat "$DIR/pacemakerd.pid")"
  for p in $(pidof corosync pacemakerd 2>/dev/null); do
    [ "$p" = "$own_c" ] || [ "$p" = "$own_p" ] || { echo "$p"; return 0; }
  done
  return 1
}

write_config() {
  cat >"$DIR/corosync.conf" <<EOF
# Written by ferry bench/peers/pacemaker/run-peer.sh; one node on loopback.
totem {
    version: 2
    cluster_name: ferrybench
    transport: knet
    crypto_cipher: aes256
    crypto_hash: sha256
    keyfile: $DIR/authkey
    interface {
        linknumber: 0
        mcastport: $PORT
    }
}
nodelist {
    node {
        name: $(uname -n)
        nodeid: 1
        ring0_addr: 127.0.0.1
    }
}
quorum {
    provider: corosync_votequorum
}
system {
    state_dir: $DIR/corosync-state
}
logging {
    to_stderr: no
    to_syslog: no
    to_logfile: yes
    logfile: $DIR/corosync.log
    timestamp: on
}
EOF
}

# Move aside whatever Pacemaker state was there before, once; after a crashed run (saved/ already
# present) the leftovers are ours and are simply cleared.
save_pacemaker_state() {
  local d
  for d in "${OWNED_DIRS[@]}"; do
    mkdir -p "$DIR/saved/$d"
    if [ -f "$DIR/saved/.complete" ]; then
      find "$PCMK_LIB/$d" -mindepth 1 -delete
    else
      find "$PCMK_LIB/$d" -mindepth 1 -maxdepth 1 -exec mv -t "$DIR/saved/$d" {} +
    fi
  done
  touch "$DIR/saved/.complete"
}

restore_pacemaker_state() {
  local d
  [ -f "$DIR/saved/.complete" ] || return 0
  for d in "${OWNED_DIRS[@]}"; do
    find "$PCMK_LIB/$d" -mindepth 1 -delete
    [ -d "$DIR/saved/$d" ] && find "$DIR/saved/$d" -mindepth 1 -maxdepth 1 -exec mv -t "$PCMK_LIB/$d" {} +
  done
  rm -rf "$DIR/saved"
}

wait_for() { # timeout_s description command...
  local limit=$(( $(date +%s) + $1 )) what="$2"
  shift 2
  until "$@" >/dev/null 2>&1; do
    [ "$(date +%s)" -lt "$limit" ] || return 1
    sleep 0.5
  done
  say "$what"
}

node_online_with_dc() {
  local out
  out="$(crm_mon -1 2>/dev/null)" || return 1
  grep -q 'Current DC: .* - partition' <<<"$out" && grep -q 'Online: ' <<<"$out"
}

do_start() {
  preflight
  if is_running; then say "already running (corosync $(cat "$DIR/corosync.pid"), pacemakerd $(cat "$DIR/pacemakerd.pid"))"; return 0; fi
  local other
  if other="$(foreign_cluster)"; then cannot "another corosync/pacemakerd (pid $other) is running on this machine"; fi
  # Half-started leftovers of ours (one daemon dead): clear them first.
  do_stop >/dev/null 2>&1
  mkdir -p "$DIR/corosync-state"
  chmod 0755 "$DIR"
  [ -s "$DIR/authkey" ] || corosync-keygen -k "$DIR/authkey" >/dev/null 2>&1 || fail "corosync-keygen failed"
  chmod 0400 "$DIR/authkey"
  write_config
  corosync -t -c "$DIR/corosync.conf" >"$DIR/corosync-check.log" 2>&1 || fail "corosync rejects $DIR/corosync.conf: $(tail -3 "$DIR/corosync-check.log")"
  save_pacemaker_state
  install -m 0660 -o hacluster -g haclient /dev/null "$DIR/pacemaker.log"

  setsid corosync -f -c "$DIR/corosync.conf" >"$DIR/corosync.out" 2>&1 </dev/null &
  echo $! >"$DIR/corosync.pid"
  wait_for 60 "corosync up (pid $(cat "$DIR/corosync.pid"))" corosync-cfgtool -s \
    || fail "corosync did not come up in 60 s; see $DIR/corosync.log and $DIR/corosync.out"

  # setsid: pacemakerd leads its own process group, so stop can reach its sub-daemons by group id.
  PCMK_logfile="$DIR/pacemaker.log" PCMK_logfacility=none \
    setsid pacemakerd >"$DIR/pacemakerd.out" 2>&1 </dev/null &
  echo $! >"$DIR/pacemakerd.pid"
  wait_for "$START_TIMEOUT_S" "pacemaker up (pid $(cat "$DIR/pacemakerd.pid")), DC elected" node_online_with_dc \
    || fail "no DC within $START_TIMEOUT_S s; see $DIR/pacemaker.log and $DIR/pacemakerd.out"
  # Remember the sub-daemons now, so stop can still find them if pacemakerd dies first.
  children_of "$(cat "$DIR/pacemakerd.pid")" >"$DIR/pacemakerd.pid.children"

  local kv
  for kv in stonith-enabled=false no-quorum-policy=ignore pe-input-series-max=0 pe-warn-series-max=0 pe-error-series-max=0; do
    crm_attribute --type crm_config --name "${kv%%=*}" --update "${kv#*=}" >/dev/null 2>&1 \
      || fail "could not set cluster property $kv"
  done
  echo "running"
}

# Children of a recorded PID as "pid comm" lines. Pacemaker's sub-daemons each call setsid, so they
# are found by parent, not by process group.
children_of() { # pid
  ps -e -o pid=,ppid=,comm= | awk -v p="$1" '$2 == p { print $1, $3 }'
}

# Ask a recorded PID to exit and wait; then SIGKILL whatever of it and of its recorded children is
# left, each only while it still runs the program recorded for it.
stop_pid() { # pidfile comm timeout_s
  local pid kids="$1.children"
  if pid_alive "$1" "$2"; then
    pid="$(cat "$1")"
    children_of "$pid" >>"$kids"
    kill -TERM "$pid" 2>/dev/null
    local limit=$(( $(date +%s) + $3 ))
    while [ -d "/proc/$pid" ] && [ "$(date +%s)" -lt "$limit" ]; do sleep 0.5; done
    if [ -d "/proc/$pid" ]; then say "$2 (pid $pid) ignored SIGTERM for $3 s; killing it"; kill -KILL "$pid" 2>/dev/null; fi
  fi
  if [ -f "$kids" ]; then
    local kid comm
    while read -r kid comm; do
      [ "$(cat "/proc/$kid/comm" 2>/dev/null)" = "$comm" ] && kill -KILL "$kid" 2>/dev/null && say "killed leftover $comm (pid $kid)"
    done <"$kids"
  fi
  rm -f "$1" "$kids"
}

do_stop() {
  [ -d "$DIR" ] || { echo "stopped"; return 0; }
  # pacemakerd stops every resource and its sub-daemons on SIGTERM; corosync must outlive it.
  stop_pid "$DIR/pacemakerd.pid" pacemakerd "$STOP_TIMEOUT_S"
  stop_pid "$DIR/corosync.pid" corosync 60
  restore_pacemaker_state
  echo "stopped"
}

do_status() {
  if is_running && node_online_with_dc; then echo "running"; return 0; fi
  if is_running; then echo "starting (processes up, no DC yet)"; return 3; fi
  echo "stopped"; return 3
}

do_install() {
  [ "$(id -u)" = 0 ] || cannot "must run as root to install packages"
  if command -v pacemakerd >/dev/null 2>&1 && command -v corosync >/dev/null 2>&1; then echo "installed"; return 0; fi
  # The packages try to start their services; without systemd that fails harmlessly (policy-rc.d).
  { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q pacemaker corosync; } >&2 \
    || fail "apt-get install pacemaker corosync failed"
  echo "installed"
}

case "${1:-}" in
  install) do_install ;;
  start) do_start ;;
  stop) do_stop ;;
  status) do_status ;;
  *) echo "usage: $0 install|start|stop|status" >&2; exit 64 ;;
esac
