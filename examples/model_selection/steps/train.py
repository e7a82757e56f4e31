# train: fit one candidate (a model and its hyperparameters) on the training split.
import json, os
#MODELS#
spec = json.loads(os.environ["CANDIDATE"])
X, y = read_csv("/data/train.csv")
m = fit(spec, X, y)
m["name"] = name(spec)
os.makedirs(os.path.dirname("/model/model.json"), exist_ok=True)
with open("/model/model.json", "w") as f:
    json.dump(m, f, sort_keys=True)
print(m["name"])
