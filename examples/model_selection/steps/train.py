# train: fit one candidate (a model and its hyperparameters) on the training split.
# usage: train.py CANDIDATE (a JSON object)
import json, os, sys
#MODELS#
spec = json.loads(sys.argv[1])
X, y = read_csv("/data/train.csv")
m = fit(spec, X, y)
m["name"] = name(spec)
os.makedirs(os.path.dirname("/model/model.json"), exist_ok=True)
with open("/model/model.json", "w") as f:
    json.dump(m, f, sort_keys=True)
print(m["name"])
