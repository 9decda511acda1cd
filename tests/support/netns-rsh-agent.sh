#!/usr/bin/env bash
# Remote-shell agent for Open MPI across netns hosts (OMPI_MCA_plm_rsh_agent).
# Open MPI calls it like ssh: AGENT HOST CMD... ; the command words are joined and run by a
# shell on HOST, as ssh would. PARLAB_NETNS_PREFIX travels in the environment.
set -euo pipefail
host=$1; shift
exec "$(dirname "${BASH_SOURCE[0]}")/netns-hosts.sh" exec "$host" /bin/sh -c "$*"
