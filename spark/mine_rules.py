"""Mine cross-sell rules for a chain with Spark MLlib's FPGrowth.

Reads one or many stores' `counterpart export-sales` files, builds one basket
per sale (the distinct SKUs of its lines; refunds and voids left out), mines
association rules, and writes JSON Lines that `counterpart import-rules`
takes: one rule a line, in the shape FPGrowth's `associationRules` has
(`antecedent`, `consequent`, `confidence`, `lift`, `support`), plus the counts
the frequent itemsets hold, so a seller is told how many sales a rule rests on:

    {"antecedent": ["PH-AUR-X5-128"], "consequent": ["CS-AUR-X5-SIL"],
     "confidence": 0.41, "lift": 6.2, "support": 0.013,
     "count": 39, "antecedent_count": 95, "consequent_count": 198,
     "baskets": 3000}

`count` is the number of baskets holding antecedent and consequent together,
`antecedent_count` and `consequent_count` those holding each side, and
`baskets` the number of baskets mined (the same on every line).

    spark-submit spark/mine_rules.py store1.csv store2.csv --out rules.jsonl
    python spark/mine_rules.py sales.csv --min-support 0.01 --out rules.jsonl
"""

import argparse
import json
import sys


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("sales", nargs="+", help="export-sales CSV files (one or many stores)")
    p.add_argument("--out", required=True, help="the JSON Lines file to write")
    p.add_argument("--min-support", type=float, default=0.005)
    p.add_argument("--min-confidence", type=float, default=0.2)
    p.add_argument("--min-lift", type=float, default=0.0)
    p.add_argument("--exclude-simulated", action="store_true",
                   help="leave out sales made by `counterpart simulate`")
    p.add_argument("--partitions", type=int, default=8,
                   help="shuffle partitions (raise it for a chain's whole history on a cluster)")
    p.add_argument("--master", default=None, help="Spark master (default: what spark-submit says, else local[*])")
    return p.parse_args(argv)


def main(argv):
    args = parse_args(argv)
    from pyspark import SparkConf
    from pyspark.sql import SparkSession, functions as F
    from pyspark.ml.fpm import FPGrowth

    builder = SparkSession.builder.appName("counterpart-mine-rules")
    if args.master:
        builder = builder.master(args.master)
    elif not SparkConf().contains("spark.master"):
        # Run as a plain Python script: a local Spark on this machine's cores.
        builder = builder.master("local[*]")
    spark = (
        builder.config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", str(args.partitions))
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    try:
        sales = spark.read.csv(args.sales, header=True, inferSchema=False)
        for column in ("sale_id", "sku", "kind"):
            if column not in sales.columns:
                sys.exit(f"mine_rules: {args.sales[0]}: no `{column}` column; is it an export-sales file?")
        sales = sales.where(F.col("kind") == "sale")
        if args.exclude_simulated and "simulated" in sales.columns:
            sales = sales.where(F.col("simulated") != "1")
        baskets = sales.groupBy("sale_id").agg(F.array_sort(F.collect_set("sku")).alias("items")).cache()
        total = baskets.count()
        if total == 0:
            sys.exit("mine_rules: no sales in the files given")

        model = FPGrowth(itemsCol="items", minSupport=args.min_support,
                         minConfidence=args.min_confidence).fit(baskets)
        counts = model.freqItemsets.select(F.array_sort("items").alias("key"), F.col("freq"))
        rules = model.associationRules
        if args.min_lift > 0:
            rules = rules.where(F.col("lift") >= args.min_lift)
        rules = (
            rules.withColumn("both", F.array_sort(F.array_union("antecedent", "consequent")))
            .withColumn("a_key", F.array_sort("antecedent"))
            .withColumn("c_key", F.array_sort("consequent"))
        )
        # Every subset of a frequent itemset is frequent, so each side has its count.
        rules = (
            rules.join(counts.withColumnRenamed("freq", "count"), rules.both == counts.key).drop("key")
            .join(counts.withColumnRenamed("freq", "antecedent_count"), F.col("a_key") == counts.key).drop("key")
            .join(counts.withColumnRenamed("freq", "consequent_count"), F.col("c_key") == counts.key).drop("key")
        )
        rows = rules.select("antecedent", "consequent", "confidence", "lift", "support",
                            "count", "antecedent_count", "consequent_count").collect()
        rows.sort(key=lambda r: (-r["lift"], -r["confidence"], sorted(r["antecedent"]), r["consequent"]))
        with open(args.out, "w", encoding="utf-8") as out:
            for r in rows:
                out.write(json.dumps({
                    "antecedent": sorted(r["antecedent"]),
                    "consequent": list(r["consequent"]),
                    "confidence": r["confidence"],
                    "lift": r["lift"],
                    "support": r["support"],
                    "count": int(r["count"]),
                    "antecedent_count": int(r["antecedent_count"]),
                    "consequent_count": int(r["consequent_count"]),
                    "baskets": total,
                }, ensure_ascii=False) + "\n")
        print(f"Mined {total} baskets: {len(rows)} rules written to {args.out}.")
    finally:
        spark.stop()


if __name__ == "__main__":
    main(sys.argv[1:])
