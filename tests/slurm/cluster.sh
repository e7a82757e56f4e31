#!/usr/bin/env bash
# The slurm tests' fixture: a real single-node cluster of this build tree's own, through
# ../shared/tools/slurm/slurm-local.sh.
#   cluster.sh start SCRIPT DIR CTLD_PORT SLURMD_PORT REST_PORT
#   cluster.sh stop  SCRIPT DIR
# `stop` first cancels every job of that cluster (a failed test may leave one running: stopping
# slurmd alone would leave its slurmstepd and the step's processes behind), then stops the
# daemons, then checks that no process of that cluster is left (and ends those that are).
set -euo pipefail
cmd=$1; script=$2; dir=$3

# Processes started for the cluster in DIR: the daemons and the job steps carry its SLURM_CONF.
leftovers() {
  local p
  for p in /proc/[0-9]*; do
    [ "${p#/proc/}" = "$$" ] && continue
    tr '\0' '\n' 2>/dev/null <"$p/environ" | grep -qx "SLURM_CONF=$dir/slurm.conf" && echo "${p#/proc/}"
  done
  return 0
}

case "$cmd" in
start)
  env SLURMCTLD_PORT="$4" SLURMD_PORT="$5" bash "$script" start "$dir" "$6"
  ;;
stop)
  if [ -f "$dir/slurmctld.pid" ] && kill -0 "$(cat "$dir/slurmctld.pid")" 2>/dev/null; then
    jobs=$(SLURM_CONF=$dir/slurm.conf squeue -h -o %i 2>/dev/null || true)
    if [ -n "$jobs" ]; then
      echo "cancelling jobs left by the tests: $(echo $jobs)"
      # shellcheck disable=SC2086
      SLURM_CONF=$dir/slurm.conf scancel $jobs || true
      for _ in $(seq 50); do
        [ -z "$(SLURM_CONF=$dir/slurm.conf squeue -h -o %i -t RUNNING,COMPLETING 2>/dev/null)" ] && break
        sleep 0.2
      done
    fi
  fi
  bash "$script" stop "$dir"
  left=$(leftovers)
  if [ -n "$left" ]; then
    echo "processes of the cluster left after stop, ended now: $(echo $left)" >&2
    # shellcheck disable=SC2086
    kill -9 $left 2>/dev/null || true
    exit 1
  fi
  echo "cluster in $dir stopped; no process of it is left"
  ;;
*)
  sed -n '2,8p' "$0"; exit 2 ;;
esac
