#!/bin/sh
# The model-selection main job run twice, on this machine and on Slurm (SLURM_CONF names the
# cluster): both succeed with the same report, and on Slurm every step ran as a batch job.
#   model_selection_on_slurm.sh MODEL_SELECTION COULER WORK_DIR
set -eu
ms=$1; couler=$2; work=$3
rm -rf "$work"; mkdir -p "$work"; cd "$work"
"$ms" --emit wf.json
"$couler" run wf.json --state-dir "$work/local" --jobs 2 --no-cache -q
# The test cluster sets no default memory per job, so a job without --mem takes all of the
# node's and jobs run one at a time; a run-wide --mem lets two run at once, as --jobs 2 locally.
"$couler" run wf.json --executor slurm --sbatch-arg=--mem=256M --state-dir "$work/slurm" --no-cache -q
local_run=$(ls -d "$work"/local/runs/*/); slurm_run=$(ls -d "$work"/slurm/runs/*/)
cmp "${local_run}outputs/report" "${slurm_run}outputs/report"
jobs=$(grep -c '"slurm_job"' "${slurm_run}journal.jsonl")
processes=$(grep -c '"pgid"' "${local_run}journal.jsonl")
echo "report identical; $jobs Slurm jobs, $processes local processes"
[ "$jobs" -eq "$processes" ] && [ "$jobs" -gt 0 ]
