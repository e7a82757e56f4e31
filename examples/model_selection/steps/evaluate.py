# evaluate: accuracy of one trained candidate on the test split.
import json, os
#MODELS#
with open("/model/model.json") as f:
    m = json.load(f)
X, y = read_csv("/data/test.csv")
correct = sum(1 for x, t in zip(X, y) if predict(m, x) == t)
acc = correct / len(y)
os.makedirs(os.path.dirname("/out/score"), exist_ok=True)
with open("/out/score", "w") as f:
    f.write(f"{acc:.4f}")
with open("/out/name", "w") as f:
    f.write(m["name"])
print(f"{m['name']}: {correct}/{len(y)} = {acc:.4f}")
