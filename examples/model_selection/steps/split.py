# split: a stratified, seeded train/test split.
# usage: split.py SEED TEST_FRACTION
import csv, os, random, sys
seed = int(sys.argv[1])
test_fraction = float(sys.argv[2])
with open("/data/dataset.csv", newline="") as f:
    rd = csv.reader(f)
    header = next(rd)
    rows = list(rd)
rng = random.Random(seed)
by_class = {}
for r in rows:
    by_class.setdefault(r[-1], []).append(r)
train, test = [], []
for c in sorted(by_class):
    rs = by_class[c]
    rng.shuffle(rs)
    n = round(len(rs) * test_fraction)
    test += rs[:n]
    train += rs[n:]
os.makedirs(os.path.dirname("/data/train.csv"), exist_ok=True)
for path, part in (("/data/train.csv", train), ("/data/test.csv", test)):
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(part)
print(f"{len(train)} train, {len(test)} test")
