#!/usr/bin/env bash
# Stops what .ci/slurm-up.sh started: slurmd, slurmctld and munged (by their pid files). Leaves packages installed.
set -uo pipefail
stop() {   # stop NAME PIDFILE: TERM the daemon whose pid the file names, and wait up to 10 s for it to go.
  local pid
  pid=$(cat "$2" 2>/dev/null) || return 0
  kill "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.5; done
  echo "slurm-down: $1 (pid $pid) still running" >&2
}
stop slurmd /run/slurmd.pid
stop slurmctld /run/slurmctld.pid
stop munged /run/munge/munged.pid
echo "slurm-down: stopped"
