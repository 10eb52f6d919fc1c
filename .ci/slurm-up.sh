#!/usr/bin/env bash
# Starts a one-node Slurm cluster on this machine for the end-to-end test of `tdlab slurm`
# (tests/Tdlab.Cli.Tests/SlurmEndToEndTests.cs): installs Debian's slurm-wlm and munge when missing,
# writes a munge key and a slurm.conf naming this host as controller and only node, and starts munged,
# slurmctld and slurmd. Needs root. Exits 0 with Slurm answering, or 1 with one line saying why not
# (the test then reports itself skipped with that reason). .ci/slurm-down.sh stops it again.
set -uo pipefail

fail() { echo "slurm-up: $*" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || fail "needs root (to install packages and start the daemons)"

if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v munged >/dev/null; then
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      slurm-wlm munge; } >/tmp/slurm-up-apt.log 2>&1 || fail "apt-get install slurm-wlm munge failed (see /tmp/slurm-up-apt.log)"
fi

host=$(hostname -s)
cpus=2

# munge: a key readable only by the munge user, munged started as that user.
install -d -o munge -g munge -m 0700 /etc/munge /var/lib/munge /var/log/munge
install -d -o munge -g munge -m 0755 /run/munge
if [ ! -s /etc/munge/munge.key ]; then
  dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none || fail "cannot write /etc/munge/munge.key"
fi
chown munge:munge /etc/munge/munge.key && chmod 0400 /etc/munge/munge.key
if ! pgrep -u munge -x munged >/dev/null; then
  runuser -u munge -- /usr/sbin/munged || fail "munged did not start"
fi

# slurm.conf: this host is the controller and the only node.
install -d -m 0755 /etc/slurm /var/spool/slurmctld /var/spool/slurmd /var/log/slurm
cat >/etc/slurm/slurm.conf <<CONF
ClusterName=tdlab-ci
SlurmctldHost=$host
SlurmUser=root
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
ReturnToService=2
MaxArraySize=1001
NodeName=$host CPUs=$cpus State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF

pgrep -x slurmctld >/dev/null || /usr/sbin/slurmctld || fail "slurmctld did not start (see /var/log/slurm/slurmctld.log)"
pgrep -x slurmd >/dev/null || /usr/sbin/slurmd || fail "slurmd did not start (see /var/log/slurm/slurmd.log)"

# Wait (at most 30 s) for the node to take jobs.
for _ in $(seq 1 30); do
  state=$(sinfo -h -n "$host" -o %T 2>/dev/null | head -1)
  case "$state" in
    idle*|mixed*|allocated*) echo "slurm-up: one-node cluster on $host ($cpus CPUs) is $state"; exit 0 ;;
  esac
  sleep 1
done
fail "the node $host did not become idle within 30 s (state '${state:-none}'; see /var/log/slurm/)"
