# slurm/site.sh's settings for real centers, each on the local cluster (included by
# tests/slurm/CMakeLists.txt; uses its slurm_test and JOB).
set(HY --need hybrid_matmul --need hybrid_render --validates 2 --json 2 slurm/jobs/06-hybrid.sbatch
       --nodes=1 --ntasks-per-node=2 --ntasks=2 --cpus-per-task=2)

# Extra sbatch options reach the job (scontrol shows them); extra srun options, the CPU
# binding and hardware-thread counting (-c = 2 x cores, as at NERSC) reach each step.
# (The local cluster's TaskPlugin is task/none: srun accepts --cpu-bind but binds nothing;
# it keeps no accounting, so --qos is accepted but scontrol shows no QOS to check.)
slurm_test(site:sbatch-srun-binding-smt COMMAND ${JOB} --name site-options
  --env "PARLAB_SBATCH_OPTS=--mem=64M --exclusive --constraint=parlab --qos=normal"
  --env PARLAB_SRUN_OPTS=--exact --env PARLAB_CPU_BIND=cores --env PARLAB_THREADS_PER_CORE=2
  --expect-job "MinMemoryNode=64M" --expect-job "OverSubscribe=NO" --expect-job "Features=parlab"
  --expect "cpus-per-task=2 OMP_NUM_THREADS=1 " --expect "launch: srun .*--exact --cpu-bind=cores .*hybrid_matmul"
  ${HY})

# Slurm counting cores, one thread per core: srun --hint=nomultithread.
slurm_test(site:srun-hint COMMAND ${JOB} --name site-hint --env PARLAB_SRUN_HINT=nomultithread
  --expect "cpus-per-task=2 OMP_NUM_THREADS=2 " --expect "launch: srun .*--hint=nomultithread .*hybrid_render"
  ${HY})

# TACC's ibrun as the launcher (a recording stand-in that runs mpirun), in a job array
# whose tasks each write their own log, <name>-<arrayjobid>_<index>.out. One task at a time
# (%1): two mpiruns side by side in one small allocation can lose a daemon at start-up.
slurm_test(site:launcher-ibrun-array-logs COMMAND ${JOB} --name site-ibrun --need mpi_matmul
  --path ${CMAKE_CURRENT_SOURCE_DIR}/fake-ibrun --env PARLAB_MPI_LAUNCHER=ibrun --env PARLAB_VARIANTS=seq,rowblock
  --expect "fake ibrun: -n 1 -o 0 " --expect "fake ibrun: -n 2 -o 0 "
  --expect-log "^parlab-strong-ranks-[0-9]+_1[.]out$" --expect-log "^parlab-strong-ranks-[0-9]+_2[.]out$"
  --validates 4 --json 2 --scaling strong slurm/sweeps/strong-ranks.sbatch --array=1,2%1 --ntasks=2)
