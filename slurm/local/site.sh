# slurm/local/site.sh - the site file of the local test cluster (slurm/local/cluster.sh):
# shellcheck shell=bash
# slurm/site.sh's settings, except where a one-machine cluster that runs as root differs.
# Select it with PARLAB_SITE=slurm/local/site.sh (tests/slurm does).
PARLAB_PARTITION=${PARLAB_PARTITION-debug}
PARLAB_ACCOUNT=${PARLAB_ACCOUNT-} PARLAB_QOS=${PARLAB_QOS-} PARLAB_RESERVATION=${PARLAB_RESERVATION-}
PARLAB_TIME=${PARLAB_TIME-00:05:00}
# shellcheck source=../site.sh
source "${PARLAB_ROOT:-.}/slurm/site.sh"

# No environment modules here; daemons run as root, so Open MPI must be told that is fine.
parlab_site_env() {
  export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
  # Hosts that are network namespaces talk TCP on their private subnet only.
  if [ -n "${PARLAB_NETNS_PREFIX:-}" ] && [ "${SLURM_JOB_NUM_NODES:-1}" -gt 1 ]; then
    export OMPI_MCA_btl=tcp,self OMPI_MCA_pml=ob1
    export OMPI_MCA_btl_tcp_if_include=10.77.0.0/24 OMPI_MCA_oob_tcp_if_include=10.77.0.0/24
  fi
}
