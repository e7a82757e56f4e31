# Small classifiers in plain Python, shared by train, evaluate and deploy.
import math, random

def read_csv(path):
    import csv
    with open(path, newline="") as f:
        rd = csv.reader(f)
        next(rd)
        rows = list(rd)
    return [[float(v) for v in r[:-1]] for r in rows], [r[-1] for r in rows]

def fit(spec, X, y):
    kind = spec["model"]
    classes = sorted(set(y))
    if kind == "knn":
        return {"model": "knn", "k": spec["k"], "X": X, "y": y}
    if kind == "centroid":
        cents = {}
        for c in classes:
            pts = [x for x, t in zip(X, y) if t == c]
            cents[c] = [sum(col) / len(pts) for col in zip(*pts)]
        return {"model": "centroid", "centroids": cents}
    if kind == "naive_bayes":
        stats = {}
        for c in classes:
            pts = [x for x, t in zip(X, y) if t == c]
            mean = [sum(col) / len(pts) for col in zip(*pts)]
            var = [sum((v - m) ** 2 for v in col) / len(pts) + 1e-9 for col, m in zip(zip(*pts), mean)]
            stats[c] = {"prior": len(pts) / len(X), "mean": mean, "var": var}
        return {"model": "naive_bayes", "stats": stats}
    if kind == "softmax":
        rng = random.Random(0)
        d = len(X[0])
        W = {c: [rng.uniform(-0.01, 0.01) for _ in range(d + 1)] for c in classes}
        lr = spec["lr"]
        for _ in range(spec["epochs"]):
            for x, t in zip(X, y):
                xs = x + [1.0]
                z = {c: sum(w * v for w, v in zip(W[c], xs)) for c in classes}
                m = max(z.values())
                e = {c: math.exp(z[c] - m) for c in classes}
                s = sum(e.values())
                for c in classes:
                    g = e[c] / s - (1.0 if c == t else 0.0)
                    W[c] = [w - lr * g * v for w, v in zip(W[c], xs)]
        return {"model": "softmax", "W": W}
    raise ValueError(f"unknown model {kind}")

def predict(m, x):
    kind = m["model"]
    if kind == "knn":
        d = sorted((sum((a - b) ** 2 for a, b in zip(x, p)), t) for p, t in zip(m["X"], m["y"]))
        votes = {}
        for _, t in d[: m["k"]]:
            votes[t] = votes.get(t, 0) + 1
        return max(sorted(votes), key=lambda c: votes[c])
    if kind == "centroid":
        return min(sorted(m["centroids"]), key=lambda c: sum((a - b) ** 2 for a, b in zip(x, m["centroids"][c])))
    if kind == "naive_bayes":
        def logp(c):
            s = m["stats"][c]
            return math.log(s["prior"]) + sum(
                -0.5 * math.log(2 * math.pi * v) - (xi - mu) ** 2 / (2 * v) for xi, mu, v in zip(x, s["mean"], s["var"]))
        return max(sorted(m["stats"]), key=logp)
    if kind == "softmax":
        xs = x + [1.0]
        return max(sorted(m["W"]), key=lambda c: sum(w * v for w, v in zip(m["W"][c], xs)))
    raise ValueError(kind)

def name(spec):
    return "-".join([spec["model"]] + [f"{k}={spec[k]}" for k in sorted(spec) if k != "model"])
