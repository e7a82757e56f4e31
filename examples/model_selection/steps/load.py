# load: read the shipped CSV, check it, write the dataset artifact.
# usage: load.py CSV
import csv, os, sys
src = sys.argv[1]
with open(src, newline="") as f:
    rows = list(csv.DictReader(f))
features = ["sepal_length", "sepal_width", "petal_length", "petal_width"]
for r in rows:
    for k in features:
        float(r[k])  # fails the step on a malformed row
classes = sorted({r["species"] for r in rows})
os.makedirs(os.path.dirname("/data/dataset.csv"), exist_ok=True)
with open("/data/dataset.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(features + ["species"])
    for r in rows:
        w.writerow([r[k] for k in features] + [r["species"]])
print(f"{len(rows)} rows, classes: {', '.join(classes)}", file=sys.stderr)
print(len(rows))
