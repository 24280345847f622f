# Shared by the ferry.volume methods (sourced, POSIX sh): properties, the ownership record and the
# mount checks. Linux only.
. "$(dirname "$0")/../../lib/ferry_agent.sh"

METHODS_DIR=$(cd "$(dirname "$0")" && pwd)
RECORD_MAGIC="FERRY-OWNER-RECORD 1"
# LVM warns on stderr about inherited descriptors; they are harmless here.
export LVM_SUPPRESS_FD_WARNINGS=1
RECORD_BYTES=4096

# Properties (read with load_props, see ferry_agent.sh): DEVICE, VOLUME_GROUP, LOGICAL_VOLUME,
# MOUNT_POINT, FS_TYPE, MOUNT_OPTIONS, FSCK, KILL_USERS, OWNERSHIP, PROBE_TIMEOUT (seconds).
ALL_PROPS="Device Volume_group Logical_volume Mount_point Fs_type Mount_options Fsck Kill_users Ownership Probe_timeout"
OWNER_TAG_PREFIX="ferry-owner:"

# load_volume_props — every property, then MOUNT_OPTIONS comma-joined and BLOCK_DEVICE (what gets
# mounted: the logical volume, or Device).
load_volume_props() {
  load_props $ALL_PROPS
  MOUNT_OPTIONS=$(printf '%s\n' "$MOUNT_OPTIONS" | sed '/^$/d' | paste -sd, -)
  if [ -n "$VOLUME_GROUP" ] && [ -n "$LOGICAL_VOLUME" ]; then BLOCK_DEVICE=/dev/$VOLUME_GROUP/$LOGICAL_VOLUME
  else BLOCK_DEVICE=$DEVICE; fi
}

# ---- ownership --------------------------------------------------------------------------------

# record_skip — index of the last 4 KiB block of DEVICE.
record_skip() {
  size=$(blockdev --getsize64 "$DEVICE") || return 1
  echo $((size / RECORD_BYTES - 1))
}

# read_record — the record's text (empty when the area holds none). O_DIRECT: the disk, not a cache.
read_record() {
  skip=$(record_skip) || return 1
  text=$(dd if="$DEVICE" bs=$RECORD_BYTES skip="$skip" count=1 iflag=direct 2>/dev/null | tr -d '\000')
  case "$text" in "$RECORD_MAGIC"*) printf '%s\n' "$text" ;; esac
}

# write_record NODE — writes the record naming NODE (empty: released), synchronously.
write_record() {
  skip=$(record_skip) || return 1
  printf '%s\nnode=%s\nresource=%s\ngroup=%s\ncluster=%s\nsince=%s\n' "$RECORD_MAGIC" "$1" "$RESOURCE" "$GROUP" "${FERRY_CLUSTER:-}" "$(date +%s)" |
    dd of="$DEVICE" bs=$RECORD_BYTES seek="$skip" count=1 iflag=fullblock conv=sync,notrunc oflag=direct,dsync 2>/dev/null
}

# owner — the node that holds the storage now (empty: nobody).
owner() {
  case "$OWNERSHIP" in
    device) read_record | sed -n 's/^node=//p' ;;
    lvm_tag) vgs --noheadings -o vg_tags "$VOLUME_GROUP" 2>/dev/null | tr ',' '\n' | sed -n "s/^ *$OWNER_TAG_PREFIX//p" | head -n 1 ;;
    *) ;;
  esac
}

# set_owner NODE — records NODE as the holder (empty: release).
set_owner() {
  case "$OWNERSHIP" in
    device) write_record "$1" ;;
    lvm_tag)
      for t in $(vgs --noheadings -o vg_tags "$VOLUME_GROUP" 2>/dev/null | tr ',' ' '); do
        case "$t" in "$OWNER_TAG_PREFIX"*) vgchange --deltag "$t" "$VOLUME_GROUP" >/dev/null || return 1 ;; esac
      done
      [ -z "$1" ] || vgchange --addtag "$OWNER_TAG_PREFIX$1" "$VOLUME_GROUP" >/dev/null
      ;;
    *) ;;
  esac
}

# node_state NODE — UP or DOWN as the cluster sees it (empty when it cannot say).
node_state() { scha_cluster_get -O NODESTATE_NODE "$1" 2>/dev/null | head -n 1; }

# claim — take ownership, or fail when another node that is UP holds the storage.
claim() {
  [ "$OWNERSHIP" = none ] && return 0
  holder=$(owner)
  if [ -n "$holder" ] && [ "$holder" != "$NODE" ]; then
    state=$(node_state "$holder")
    case "$state" in
      DOWN) log "taking over from node $holder, which is DOWN" ;;
      UP) die "cannot start: node $holder holds $(what) (ownership record) and is UP" ;;
      *) die "cannot start: node $holder holds $(what) and its state is unknown (scha_cluster_get failed)" ;;
    esac
  fi
  set_owner "$NODE" || die "cannot write the ownership record of $(what)"
  [ "$(owner)" = "$NODE" ] || die "the ownership record of $(what) does not name $NODE after writing it"
}

# release — drop ownership if this node holds it.
release() {
  [ "$OWNERSHIP" = none ] && return 0
  [ "$(owner)" = "$NODE" ] || return 0
  set_owner "" || log "cannot clear the ownership record of $(what)"
}

what() { if [ "$OWNERSHIP" = lvm_tag ]; then echo "volume group $VOLUME_GROUP"; else echo "$DEVICE"; fi; }

# ---- activation and mounts ----------------------------------------------------------------------

activate() {
  [ -n "$VOLUME_GROUP" ] || return 0
  if [ -n "$LOGICAL_VOLUME" ]; then lvchange -ay "$VOLUME_GROUP/$LOGICAL_VOLUME" >/dev/null
  else vgchange -ay "$VOLUME_GROUP" >/dev/null; fi
}

deactivate() {
  [ -n "$VOLUME_GROUP" ] || return 0
  if [ -n "$LOGICAL_VOLUME" ]; then lvchange -an "$VOLUME_GROUP/$LOGICAL_VOLUME" >/dev/null
  else vgchange -an "$VOLUME_GROUP" >/dev/null; fi
}

# mounted_source — the device mounted on MOUNT_POINT in this node's mount namespace (empty: none).
mounted_source() { findmnt -n -o SOURCE --mountpoint "$MOUNT_POINT" 2>/dev/null | tail -n 1; }

same_device() { [ "$(readlink -f "$1")" = "$(readlink -f "$2")" ]; }

# is_mounted — BLOCK_DEVICE is mounted on MOUNT_POINT here.
is_mounted() {
  src=$(mounted_source)
  [ -n "$src" ] && same_device "$src" "$BLOCK_DEVICE"
}

read_only() { case ",$MOUNT_OPTIONS," in *,ro,*) return 0 ;; *) return 1 ;; esac; }

# write_problem — empty when a small file on the mount can be written and fsynced within
# Probe_timeout; else why not.
write_problem() {
  read_only && return 0
  f="$MOUNT_POINT/.ferry-probe-$NODE"
  if ! timeout "$PROBE_TIMEOUT" sh -c 'date +%s >"$1" && sync "$1"' sh "$f" 2>/dev/null; then
    echo "$MOUNT_POINT is not writable (write and fsync of $f failed or took over $PROBE_TIMEOUT s)"
  fi
}
