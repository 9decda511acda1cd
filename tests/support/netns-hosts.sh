#!/usr/bin/env bash
# netns-hosts.sh - several "hosts" on one machine, made of Linux network namespaces.
#
#   tests/support/netns-hosts.sh check             exit 0 if namespaces can be made here, else say why, exit 77
#   tests/support/netns-hosts.sh up N              hosts n1..nN (10.77.0.11.. /24) on a private bridge
#   tests/support/netns-hosts.sh down              remove everything `up` made (and what runs inside it)
#   tests/support/netns-hosts.sh exec HOST CMD...  run CMD "on" HOST (its network, hostname, hosts file)
#   tests/support/netns-hosts.sh rsh-agent         print the path of a script for OMPI_MCA_plm_rsh_agent
#   tests/support/netns-hosts.sh mpi-env           print `export ...` lines for Open MPI over TCP between hosts
#   tests/support/netns-hosts.sh status            show what is up
#
# Layout: each host is a netns PREFIX-nK holding eth0 = 10.77.0.(10+K)/24 and lo; the other
# end of each veth sits in a bridge br0 that lives in its own netns PREFIX-br, so nothing is
# added to the root namespace (no route to it, no address in it): traffic stays on these
# private namespaces. One hosts file (n1..nN) is bind-mounted over /etc/hosts for commands
# run through `exec`.
#
# Why not `ip netns exec`: it remounts /sys for the namespace, which breaks slurmd's cgroup
# check. `exec` here enters only the network namespace (nsenter --net) and adds a private
# UTS namespace (hostname) and mount namespace (the hosts file).
#
# PARLAB_NETNS_PREFIX (default "parlab") names the namespaces, so two independent sets can
# coexist (e.g. a CTest run beside a Slurm test cluster). Needs root (CAP_SYS_ADMIN, CAP_NET_ADMIN).
set -euo pipefail

PREFIX=${PARLAB_NETNS_PREFIX:-parlab}
SUBNET_BASE=10.77.0
STATE=/run/${PREFIX}-netns          # hosts file and the host count
BRNS=${PREFIX}-br
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SELF=$HERE/$(basename "${BASH_SOURCE[0]}")

die() { echo "netns-hosts: $*" >&2; exit 1; }
have_ns() { [[ -e /run/netns/$1 ]]; }

cmd_check() {
  local why=""
  if [[ $(id -u) != 0 ]]; then why="not root (namespaces and veth need CAP_SYS_ADMIN/CAP_NET_ADMIN)"
  else
    for t in ip nsenter unshare mount hostname; do
      command -v "$t" >/dev/null || { why="missing tool: $t (install iproute2/util-linux)"; break; }
    done
  fi
  if [[ -z $why ]]; then
    local a=${PREFIX}-chk$$ b=${PREFIX}-chb$$ err
    if ! err=$( { ip netns add "$a" && ip netns add "$b" &&
                  ip -n "$b" link add br0 type bridge &&
                  ip -n "$b" link add v1 type veth peer name eth0 netns "$a" &&
                  nsenter --net=/run/netns/"$a" unshare --uts --mount --propagation private \
                      sh -c 'hostname chk && mount --bind /etc/hostname /etc/hostname'; } 2>&1 ); then
      why="cannot create network namespaces / veth / bridge here: ${err##*$'\n'}"
    fi
    ip netns del "$a" 2>/dev/null || true
    ip netns del "$b" 2>/dev/null || true
  fi
  if [[ -n $why ]]; then echo "netns-hosts: SKIP: $why"; exit 77; fi
  echo "netns-hosts: network namespaces available"
}

cmd_up() {
  local n=${1:-}
  [[ $n =~ ^[0-9]+$ ]] && (( n >= 1 && n <= 32 )) || die "up N: N must be 1..32 (got '${n}')"
  # Idempotent: the same N already up and complete -> nothing to do.
  if [[ -f $STATE/count && $(cat "$STATE/count") == "$n" ]] && have_ns "$BRNS"; then
    local ok=1
    for ((i = 1; i <= n; i++)); do have_ns "${PREFIX}-n$i" || ok=0; done
    if (( ok )); then echo "netns-hosts: n1..n$n already up"; return 0; fi
  fi
  cmd_down >/dev/null
  mkdir -p "$STATE"
  trap 'echo "netns-hosts: up failed, tearing down" >&2; cmd_down >/dev/null' ERR
  ip netns add "$BRNS"
  ip -n "$BRNS" link add br0 type bridge
  ip -n "$BRNS" link set br0 up
  ip -n "$BRNS" link set lo up
  {
    echo "127.0.0.1 localhost"
    echo "::1 localhost ip6-localhost ip6-loopback"
    for ((i = 1; i <= n; i++)); do echo "$SUBNET_BASE.$((10 + i)) n$i"; done
  } > "$STATE/hosts.tmp"
  mv "$STATE/hosts.tmp" "$STATE/hosts"
  for ((i = 1; i <= n; i++)); do
    local ns=${PREFIX}-n$i
    ip netns add "$ns"
    ip -n "$BRNS" link add "n$i" type veth peer name eth0 netns "$ns"
    ip -n "$BRNS" link set "n$i" master br0
    ip -n "$BRNS" link set "n$i" up
    ip -n "$ns" link set lo up
    ip -n "$ns" addr add "$SUBNET_BASE.$((10 + i))/24" dev eth0
    ip -n "$ns" link set eth0 up
  done
  echo "$n" > "$STATE/count"
  trap - ERR
  echo "netns-hosts: up n1..n$n ($SUBNET_BASE.11..$SUBNET_BASE.$((10 + n)), prefix $PREFIX)"
}

cmd_down() {
  local ns pids
  for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep -E "^${PREFIX}-(n[0-9]+|br)$" || true); do
    # Processes still running "on" that host (daemons, orted) go with it.
    pids=$(ip netns pids "$ns" 2>/dev/null || true)
    if [[ -n $pids ]]; then
      kill $pids 2>/dev/null || true
      sleep 0.2
      kill -9 $(ip netns pids "$ns" 2>/dev/null) 2>/dev/null || true
    fi
    ip netns del "$ns" 2>/dev/null || true
  done
  rm -rf "$STATE"
  echo "netns-hosts: down (prefix $PREFIX)"
}

cmd_exec() {
  local host=${1:-}; shift || true
  [[ $host =~ ^n[0-9]+$ ]] || die "exec HOST CMD...: HOST must be n1, n2, ... (got '${host}')"
  (( $# >= 1 )) || die "exec $host: no command"
  have_ns "${PREFIX}-$host" || die "host $host is not up (run: $0 up N)"
  # Private UTS + mount namespace: own hostname, own /etc/hosts; /sys stays as it is.
  exec nsenter --net=/run/netns/"${PREFIX}-$host" \
    unshare --uts --mount --propagation private \
    /bin/sh -c 'hostname "$1" && mount --bind "$2" /etc/hosts && shift 2 && exec "$@"' \
    sh "$host" "$STATE/hosts" "$@"
}

cmd_mpi_env() {
  cat <<EOF
export OMPI_MCA_plm_rsh_agent=$HERE/netns-rsh-agent.sh
export OMPI_MCA_btl=tcp,self
export OMPI_MCA_pml=ob1
export OMPI_MCA_btl_tcp_if_include=$SUBNET_BASE.0/24
export OMPI_MCA_oob_tcp_if_include=$SUBNET_BASE.0/24
export OMPI_ALLOW_RUN_AS_ROOT=1
export OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export PARLAB_NETNS_PREFIX=$PREFIX
EOF
}

case ${1:-} in
  check) cmd_check ;;
  up) shift; cmd_up "$@" ;;
  down) cmd_down ;;
  exec) shift; cmd_exec "$@" ;;
  rsh-agent) echo "$HERE/netns-rsh-agent.sh" ;;
  mpi-env) cmd_mpi_env ;;
  status) ip netns list | grep -E "^${PREFIX}-" || echo "nothing up (prefix $PREFIX)"
          [[ -f $STATE/hosts ]] && cat "$STATE/hosts" ;;
  *) sed -n '2,9p' "$SELF" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
