#!/bin/sh
# The model-selection main job run twice, on this machine and on Slurm (SLURM_CONF names the
# cluster): both succeed with the same report, and on Slurm every step ran as a batch job.
#   model_selection_on_slurm.sh MODEL_SELECTION COULER WORK_DIR
set -eu
ms=$1; couler=$2; work=$3
rm -rf "$work"; mkdir -p "$work"; cd "$work"
"$ms" --emit wf.json
"$couler" run wf.json --state-dir "$work/local" --no-cache -q
"$couler" run wf.json --executor slurm --state-dir "$work/slurm" --no-cache -q
local_run=$(ls -d "$work"/local/runs/*/); slurm_run=$(ls -d "$work"/slurm/runs/*/)
cmp "${local_run}outputs/report" "${slurm_run}outputs/report"
jobs=$(grep -c '"slurm_job"' "${slurm_run}journal.jsonl")
steps=$(grep -c '"t":"inv"' "${slurm_run}journal.jsonl")
echo "report identical; $jobs Slurm jobs for $steps step invocations"
[ "$jobs" -ge "$steps" ] && [ "$steps" -gt 0 ]
