# report: a Markdown summary of the selection.
# usage: report.py NAMES SCORES SPLIT BEST BEST_SCORE THRESHOLD DEPLOY_STATUS
import json, os, sys
names_json, scores_json, split, best, best_score, threshold, deploy_status = sys.argv[1:]
names = json.loads(names_json)
scores = [float(s) for s in json.loads(scores_json)]
lines = ["# Model selection on Iris", "",
         f"Training/test split: {split}", "",
         "| candidate | test accuracy |", "|---|---|"]
for n, s in sorted(zip(names, scores), key=lambda p: (-p[1], p[0])):
    lines.append(f"| {n} | {s:.4f} |")
lines += ["", f"Best: **{best}** with accuracy {best_score} (threshold {threshold}).",
          f"Deploy step: {deploy_status}."]
os.makedirs(os.path.dirname("/out/report.md"), exist_ok=True)
with open("/out/report.md", "w") as f:
    f.write("\n".join(lines) + "\n")
print("\n".join(lines))
