# Shared by the ferry.vip methods (sourced, POSIX sh): reads the resource's properties and holds the
# address and path checks. Linux only (iproute2; iputils arping for IPv4 duplicate detection and
# gratuitous ARP).
. "$(dirname "$0")/../../lib/ferry_agent.sh"

METHODS_DIR=$(cd "$(dirname "$0")" && pwd)

# Properties (read with load_props, see ferry_agent.sh): ADDRESSES and PING_TARGETS (one per line),
# INTERFACE, DAD_TIMEOUT, ANNOUNCE_COUNT, PROBE_TIMEOUT (seconds), STANDBY_MONITORING.

family() { case "$1" in *:*) echo 6 ;; *) echo 4 ;; esac; }
host_part() { echo "${1%/*}"; }
# host_cidr ADDR/LEN — the address as a host prefix, for "ip addr show to".
host_cidr() { if [ "$(family "$1")" = 6 ]; then echo "$(host_part "$1")/128"; else echo "$(host_part "$1")/32"; fi; }

# present ADDR/LEN — the address is configured on INTERFACE (in whatever spelling ip prints it).
present() { [ -n "$(ip -o addr show dev "$INTERFACE" to "$(host_cidr "$1")" 2>/dev/null)" ]; }

# link_problem — empty when INTERFACE exists, is up and has carrier; else why not.
link_problem() {
  line=$(ip -o link show dev "$INTERFACE" 2>/dev/null) || { echo "interface $INTERFACE does not exist"; return; }
  flags=${line#*<}; flags=${flags%%>*}
  case ",$flags," in *,UP,*) ;; *) echo "interface $INTERFACE is down"; return ;; esac
  case ",$flags," in *,LOWER_UP,*) ;; *) echo "interface $INTERFACE has no carrier (link down)"; return ;; esac
}

# path_problem — empty when the link is fine and, if Ping_targets are set, at least one answers
# (the Gls "HUB monitoring" of the network path); else why not.
path_problem() {
  p=$(link_problem)
  if [ -n "$p" ]; then echo "$p"; return; fi
  [ -z "$PING_TARGETS" ] && return
  for t in $PING_TARGETS; do
    if ping -n -q -c 1 -W "$PROBE_TIMEOUT" -I "$INTERFACE" "$t" >/dev/null 2>&1; then return; fi
  done
  echo "no ping target answers on $INTERFACE ($(echo $PING_TARGETS | tr ' ' ','))"
}

# all_present — every address of the resource is on INTERFACE.
all_present() {
  for a in $ADDRESSES; do present "$a" || return 1; done
  return 0
}

# any_present — some address of the resource is on INTERFACE (the resource is, or was, online here).
any_present() {
  for a in $ADDRESSES; do present "$a" && return 0; done
  return 1
}
