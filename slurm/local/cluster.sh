#!/usr/bin/env bash
# slurm/local/cluster.sh - a real, private Slurm cluster on this machine, for tests and demos.
#
#   slurm/local/cluster.sh check              exit 0 if a cluster can run here, else say why, exit 77
#   slurm/local/cluster.sh up [--nodes N]     start munged, slurmctld and N slurmd (default 1)
#   slurm/local/cluster.sh down               stop everything `up` started (idempotent)
#   slurm/local/cluster.sh status             daemons, nodes, jobs
#   slurm/local/cluster.sh env                print the `export` lines clients need
#   slurm/local/cluster.sh run CMD...         run a client command (sbatch, squeue, ...) where
#                                             the controller can be reached (on n1 if N > 1)
#
# Everything lives in one folder, PARLAB_SLURM_DIR (default build/slurm-cluster): config,
# munge key and socket, state, spool, logs, pid files. Nothing is written under /etc or /var.
# Runs as root (SlurmUser=root) with the Debian packages slurm-wlm and munge (22.05).
#
# N = 1: one node "c1" on 127.0.0.1 in this network namespace.
# N > 1: hosts n1..nN are network namespaces (tests/support/netns-hosts.sh, prefix
#   PARLAB_NETNS_PREFIX, default "parlabslurm"); slurmctld and slurmd run "on" n1, one slurmd
#   on each other host; one munged serves all of them through its socket file.
#   Clients must run on a host too: use `cluster.sh run sbatch ...`.
# PARLAB_SLURM_CPUS (default 4) CPUs are declared per node - more than this machine may have,
# so small MPI x OpenMP layouts fit; it is oversubscribed and timings are not scaling figures.
#
# Facts this relies on: slurm/README.md.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
DIR=${PARLAB_SLURM_DIR:-$ROOT/build/slurm-cluster}
CPUS=${PARLAB_SLURM_CPUS:-4}
export PARLAB_NETNS_PREFIX=${PARLAB_NETNS_PREFIX:-parlabslurm}
NETNS=$ROOT/tests/support/netns-hosts.sh
CONF=$DIR/etc/slurm.conf
export SLURM_CONF=$CONF

say() { echo "cluster: $*"; }
die() { echo "cluster: $*" >&2; exit 1; }

# ---- helpers -------------------------------------------------------------------------
nodes_of_conf() { [[ -f $DIR/nodes ]] && cat "$DIR/nodes" || echo 0; }

# Run a command where the controller is reachable: here (1 node) or on n1 (several).
on_ctl() {
  if (( $(nodes_of_conf) > 1 )); then "$NETNS" exec n1 env SLURM_CONF="$CONF" "$@"
  else "$@"; fi
}

# Our daemon pids: from pid files, and only if the process really is ours (its command line
# names our folder) and alive (a zombie counts as dead).
our_pid() {  # our_pid PIDFILE -> prints pid or nothing
  local f=$1 pid st
  [[ -f $f ]] || return 0
  pid=$(cat "$f" 2>/dev/null) || return 0
  [[ $pid =~ ^[0-9]+$ && -r /proc/$pid/cmdline ]] || return 0
  st=$(awk '/^State:/{print $2}' "/proc/$pid/status" 2>/dev/null || echo Z)
  [[ $st != Z ]] || return 0
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF "$DIR" && echo "$pid"
  return 0
}

stop_pid() {  # stop_pid PIDFILE NAME: TERM, wait up to 3 s, then KILL
  local f=$1 name=$2 pid i
  pid=$(our_pid "$f")
  [[ -n $pid ]] || { rm -f "$f"; return 0; }
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 30; i++)); do
    [[ -n $(our_pid "$f") ]] || break
    sleep 0.1
  done
  if [[ -n $(our_pid "$f") ]]; then kill -KILL "$pid" 2>/dev/null || true; sleep 0.1; fi
  rm -f "$f"
  say "stopped $name ($pid)"
}

wait_for() {  # wait_for SECONDS WHAT CMD... : poll CMD every 0.05 s
  local limit=$1 what=$2; shift 2
  local end=$((SECONDS + limit))
  until "$@" >/dev/null 2>&1; do
    (( SECONDS < end )) || { echo "cluster: gave up waiting for $what after ${limit}s" >&2; return 1; }
    sleep 0.05
  done
}

free_port() {  # a TCP port nobody listens on, from $1 upwards
  local p=$1 used
  used=$(ss -Htln 2>/dev/null | awk '{print $4}' | sed 's/.*://' | sort -u)
  while grep -qx "$p" <<<"$used"; do p=$((p + 1)); done
  echo "$p"
}

# ---- check ---------------------------------------------------------------------------
cmd_check() {
  local why=""
  if [[ $(id -u) != 0 ]]; then
    why="not root: this local cluster runs slurmctld/slurmd as root (SlurmUser=root)"
  else
    for t in munged mungekey munge unmunge slurmctld slurmd sbatch scontrol sinfo squeue scancel ss; do
      command -v "$t" >/dev/null 2>&1 || { why="missing program '$t' (apt install slurm-wlm munge iproute2)"; break; }
    done
  fi
  if [[ -z $why && ${1:-1} -gt 1 ]]; then
    if [[ ! -x $NETNS ]]; then why="several nodes need tests/support/netns-hosts.sh (not in this tree)"
    else
      local out
      out=$("$NETNS" check 2>&1) || why="several nodes need network namespaces: ${out##*SKIP: }"
    fi
  fi
  if [[ -n $why ]]; then echo "cluster: SKIP: $why"; return 77; fi
  say "a local Slurm cluster can run here ($(slurmctld -V))"
}

# ---- up ------------------------------------------------------------------------------
write_conf() {  # write_conf N CTLPORT DPORT
  local n=$1 cport=$2 dport=$3 ctl_addr=127.0.0.1 i
  (( n > 1 )) && ctl_addr=10.77.0.11
  cat >"$CONF.tmp" <<EOF
# Written by slurm/local/cluster.sh - a private test cluster; see slurm/README.md.
ClusterName=parlab
SlurmctldHost=$( ((n > 1)) && echo "n1" || hostname)($ctl_addr)
MailProg=/bin/true
SlurmctldPort=$cport
SlurmdPort=$dport
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$DIR/munge/run/munge.socket
StateSaveLocation=$DIR/state
SlurmdSpoolDir=$DIR/spool/%n
TmpFS=$DIR/tmp/%n
SlurmctldPidFile=$DIR/run/slurmctld.pid
SlurmdPidFile=$DIR/run/slurmd-%n.pid
SlurmctldLogFile=$DIR/log/slurmctld.log
SlurmdLogFile=$DIR/log/slurmd-%n.log
PlugStackConfig=$DIR/etc/plugstack.conf
# No cgroups, no binding, no accounting: enough for correctness runs, and no system setup.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=pmix
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
# Reject impossible jobs at submission instead of letting them wait forever.
EnforcePartLimits=ALL
SchedulerType=sched/backfill
SchedulerParameters=batch_sched_delay=0,sched_min_interval=0
# Keep finished jobs readable with scontrol for an hour (there is no sacct without accounting).
MinJobAge=3600
ReturnToService=2
# More CPUs than cores may be declared (the node would go INVAL without this). RealMemory
# and the feature "parlab" let tests ask for --mem and --constraint (tests/slurm/site_settings.cmake).
SlurmdParameters=config_overrides
SlurmdTimeout=30
InactiveLimit=0
KillWait=5
EOF
  if (( n == 1 )); then
    echo "NodeName=c1 NodeAddr=127.0.0.1 NodeHostname=$(hostname) CPUs=$CPUS RealMemory=1024 Feature=parlab State=UNKNOWN" >>"$CONF.tmp"
  else
    for ((i = 1; i <= n; i++)); do
      echo "NodeName=n$i NodeAddr=10.77.0.$((10 + i)) CPUs=$CPUS RealMemory=1024 Feature=parlab State=UNKNOWN" >>"$CONF.tmp"
    done
  fi
  echo "PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP" >>"$CONF.tmp"
  mv "$CONF.tmp" "$CONF"
  : >"$DIR/etc/plugstack.conf"
}

munge_ok() { munge -n -S "$DIR/munge/run/munge.socket" | unmunge -S "$DIR/munge/run/munge.socket"; }
nodes_idle() {  # every node idle (or mixed/allocated: up and usable)
  local states
  states=$(on_ctl sinfo -h -N -o '%T' 2>/dev/null) || return 1
  [[ -n $states ]] && ! grep -qvE '^(idle|mixed|allocated)$' <<<"$states" &&
    (( $(wc -l <<<"$states") == $1 ))
}

cmd_up() {
  local n=1
  while (($#)); do
    case $1 in
      --nodes) n=${2:-}; shift 2 ;;
      --nodes=*) n=${1#*=}; shift ;;
      *) die "up: unknown option '$1' (use --nodes N)" ;;
    esac
  done
  [[ $n =~ ^[0-9]+$ ]] && (( n >= 1 && n <= 8 )) || die "up: --nodes must be 1..8 (got '$n')"
  local rc=0
  cmd_check "$n" >/dev/null || rc=$?
  if (( rc != 0 )); then cmd_check "$n"; return "$rc"; fi

  # Idempotent: the same cluster already up and answering -> nothing to do.
  if [[ $(nodes_of_conf) == "$n" && -n $(our_pid "$DIR/run/slurmctld.pid") ]] && nodes_idle "$n"; then
    say "already up ($n node(s)); $(cmd_env | tr '\n' ' ')"
    return 0
  fi
  cmd_down >/dev/null 2>&1 || true

  local t0
  t0=$(date +%s.%N)
  mkdir -p "$DIR"/{etc,state,run,log,spool,tmp} "$DIR/munge/key" "$DIR/munge/run" "$DIR/munge/lib"
  # munged is strict: key folder private, socket folder 0755 and separate.
  chmod 0700 "$DIR/munge/key" "$DIR/munge/lib"
  chmod 0755 "$DIR/munge" "$DIR/munge/run"
  [[ -f $DIR/munge/key/munge.key ]] || mungekey -c -k "$DIR/munge/key/munge.key" >/dev/null
  chmod 0400 "$DIR/munge/key/munge.key"
  echo "$n" >"$DIR/nodes"
  write_conf "$n" "$(free_port 16817)" "$(free_port 16917)"
  if (( n > 1 )); then
    for ((i = 1; i <= n; i++)); do mkdir -p "$DIR/spool/n$i" "$DIR/tmp/n$i"; done
  else
    mkdir -p "$DIR/spool/c1" "$DIR/tmp/c1"
  fi

  munged --key-file="$DIR/munge/key/munge.key" --socket="$DIR/munge/run/munge.socket" \
    --pid-file="$DIR/run/munged.pid" --log-file="$DIR/log/munged.log" \
    --seed-file="$DIR/munge/lib/munged.seed" --force ||
    { tail -5 "$DIR/log/munged.log" >&2; die "munged did not start"; }
  wait_for 10 munge munge_ok || die "munged does not answer (see $DIR/log/munged.log)"

  if (( n > 1 )); then
    "$NETNS" up "$n" >/dev/null
    "$NETNS" exec n1 slurmctld -f "$CONF" -i
  else
    slurmctld -f "$CONF" -i
  fi
  wait_for 10 slurmctld on_ctl scontrol ping ||
    { tail -5 "$DIR/log/slurmctld.log" >&2; cmd_down >/dev/null 2>&1; die "slurmctld did not come up"; }
  if (( n > 1 )); then
    for ((i = 1; i <= n; i++)); do "$NETNS" exec "n$i" slurmd -f "$CONF" -N "n$i"; done
  else
    slurmd -f "$CONF" -N c1
  fi
  if ! wait_for 15 nodes nodes_idle "$n"; then
    on_ctl sinfo -N >&2 || true
    tail -5 "$DIR"/log/slurmd-*.log >&2 || true
    cmd_down >/dev/null 2>&1
    die "the node(s) did not become idle"
  fi
  say "up: $n node(s) x $CPUS CPUs, partition debug, in $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }') s; folder $DIR"
  cmd_env
}

# ---- down ----------------------------------------------------------------------------
cmd_down() {
  local f
  if [[ -f $CONF && -n $(our_pid "$DIR/run/slurmctld.pid") ]]; then
    # Jobs first, so no slurmstepd outlives its slurmd.
    on_ctl scancel --user=root >/dev/null 2>&1 || true
  fi
  for f in "$DIR"/run/slurmd-*.pid; do [[ -e $f ]] && stop_pid "$f" "slurmd $(basename "$f" .pid)"; done
  stop_pid "$DIR/run/slurmctld.pid" slurmctld
  # Leftover job steps of ours (a job killed mid-way): slurmstepd inherits our slurmd's
  # environment, so SLURM_CONF names our config; other clusters' steps are left alone.
  local pid
  for pid in $(pgrep -x slurmstepd 2>/dev/null || true); do
    if { tr '\0' '\n' <"/proc/$pid/environ"; } 2>/dev/null | grep -qxF "SLURM_CONF=$CONF"; then
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done
  stop_pid "$DIR/run/munged.pid" munged
  if (( $(nodes_of_conf) > 1 )) && [[ -x $NETNS ]]; then "$NETNS" down >/dev/null 2>&1 || true; fi
  rm -f "$DIR/nodes"
  say "down"
}

# ---- status / env / run ----------------------------------------------------------------
cmd_env() {
  echo "export SLURM_CONF=$CONF"
  if (( $(nodes_of_conf) > 1 )); then echo "export PARLAB_NETNS_PREFIX=$PARLAB_NETNS_PREFIX"; fi
}

cmd_status() {
  local f pid any=0
  for f in "$DIR"/run/*.pid; do
    [[ -e $f ]] || continue
    pid=$(our_pid "$f")
    if [[ -n $pid ]]; then echo "$(basename "$f" .pid): running ($pid)"; any=1
    else echo "$(basename "$f" .pid): not running"; fi
  done
  (( any )) || { say "not up (folder $DIR)"; return 1; }
  on_ctl sinfo -N -l || true
  on_ctl squeue || true
}

cmd_run() {
  (($#)) || die "run: no command"
  [[ -n $(our_pid "$DIR/run/slurmctld.pid") ]] || die "run: the cluster is not up (slurm/local/cluster.sh up)"
  if (( $(nodes_of_conf) > 1 )); then exec "$NETNS" exec n1 env SLURM_CONF="$CONF" "$@"; fi
  exec "$@"
}

case ${1:-} in
  check) shift; cmd_check "$@" ;;
  up) shift; cmd_up "$@" ;;
  down) cmd_down ;;
  status) cmd_status ;;
  env) cmd_env ;;
  run) shift; cmd_run "$@" ;;
  *) sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
