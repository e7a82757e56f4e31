# deploy: refit the chosen candidate on the training split and publish it.
# usage: deploy.py SPEC (the candidate, a JSON object)
import json, os, sys
#MODELS#
spec = json.loads(sys.argv[1])
X, y = read_csv("/data/train.csv")
m = fit(spec, X, y)
m["name"] = name(spec)
os.makedirs(os.path.dirname("/deploy/model.json"), exist_ok=True)
with open("/deploy/model.json", "w") as f:
    json.dump(m, f, sort_keys=True)
print(f"deployed {m['name']}")
