# select: the best candidate by test accuracy (ties: the first listed).
# usage: select.py SCORES NAMES CANDIDATES (JSON lists, in the candidates' order)
import json, os, sys
scores = [float(s) for s in json.loads(sys.argv[1])]
names = json.loads(sys.argv[2])
candidates = json.loads(sys.argv[3])
best = max(range(len(scores)), key=lambda i: (scores[i], -i))
os.makedirs(os.path.dirname("/out/best_score"), exist_ok=True)
with open("/out/best_score", "w") as f:
    f.write(f"{scores[best]:.4f}")
with open("/out/best_name", "w") as f:
    f.write(names[best])
with open("/out/best_spec", "w") as f:
    json.dump(candidates[best], f, sort_keys=True)
for n, s in sorted(zip(names, scores), key=lambda p: -p[1]):
    print(f"{s:.4f}  {n}")
