#!/usr/bin/env bash
# The chain path end to end, as CI runs it: a store's history goes out with
# export-sales, Spark's FPGrowth mines it (spark/mine_rules.py), and the rules
# come back with import-rules carrying true counts. The counts must be the
# ones counterpart's own miner finds in the same baskets, and `rules` must
# show them.
#
#   spark/check_chain.sh PYTHON COUNTERPART
set -euo pipefail
python=${1:?usage: check_chain.sh PYTHON COUNTERPART}
bin=$(realpath "${2:?usage: check_chain.sh PYTHON COUNTERPART}")
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

"$bin" --db store.db init --demo >/dev/null
"$bin" --db store.db simulate --sales 2000 --seed 7 >/dev/null
"$bin" --db store.db export-sales > sales.csv
"$python" "$here/mine_rules.py" sales.csv --min-support 0.005 --min-confidence 0.2 --out spark.jsonl

# The same baskets through counterpart's own miner, stored in a copy of the store.
cp store.db own.db
"$bin" --db own.db mine --min-support 0.005 --min-confidence 0.2 >/dev/null
"$bin" --db own.db rules --top 100000 --json > own.json

"$bin" --db store.db import-rules spark.jsonl
"$bin" --db store.db rules --top 100000 --json > imported.json

"$python" - spark.jsonl own.json imported.json <<'EOF'
import json, sys
spark_file, own_file, imported_file = sys.argv[1:]
spark = [json.loads(line) for line in open(spark_file)]
if not spark:
    sys.exit("check_chain: Spark mined no rules")

def key(r):
    ante = r["antecedent"]
    cons = r["consequent"] if isinstance(r["consequent"], list) else [r["consequent"]]
    return (tuple(sorted(ante)), tuple(cons))

def counts(r):
    return (r.get("count"), r.get("antecedent_count"), r.get("consequent_count"))

own = {key(r): r for r in json.load(open(own_file))}
imported = {key(r): r for r in json.load(open(imported_file))}
bad = []
for r in spark:
    k = key(r)
    if k not in own:
        bad.append(f"{k}: Spark found it, counterpart's miner did not")
    elif counts(own[k]) != counts(r):
        bad.append(f"{k}: Spark counts {counts(r)}, counterpart's {counts(own[k])}")
    if k not in imported:
        bad.append(f"{k}: not imported")
    elif counts(imported[k]) != counts(r):
        bad.append(f"{k}: imported with counts {counts(imported[k])}, Spark wrote {counts(r)}")
if len(own) != len(spark):
    bad.append(f"Spark wrote {len(spark)} rules, counterpart's miner {len(own)}")
if bad:
    sys.exit("check_chain: " + "\n  ".join(bad[:20]))
print(f"chain check: {len(spark)} rules from Spark imported with the counts counterpart's miner finds")
EOF
