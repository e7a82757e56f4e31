# report: a Markdown summary of the selection.
import json, os
names = json.loads(os.environ["NAMES"])
scores = [float(s) for s in json.loads(os.environ["SCORES"])]
lines = ["# Model selection on Iris", "",
         f"Training/test split: {os.environ['SPLIT']}", "",
         "| candidate | test accuracy |", "|---|---|"]
for n, s in sorted(zip(names, scores), key=lambda p: (-p[1], p[0])):
    lines.append(f"| {n} | {s:.4f} |")
lines += ["", f"Best: **{os.environ['BEST']}** with accuracy {os.environ['BEST_SCORE']} "
          f"(threshold {os.environ['THRESHOLD']}).",
          f"Deploy step: {os.environ['DEPLOY_STATUS']}."]
os.makedirs(os.path.dirname("/out/report.md"), exist_ok=True)
with open("/out/report.md", "w") as f:
    f.write("\n".join(lines) + "\n")
print("\n".join(lines))
