#!/usr/bin/env python3
"""Run svhub's SQL models on Apache Spark over one or more svhub exports.

svhub export (and each monthly run's export/) writes this script into
EXPORT/spark/ beside the models rendered for Spark SQL. It reads the
export's Parquet tables, defines each table the models read as a temporary
view, creates the models' views in dependency order and writes every mart
back as Parquet, one folder per mart, under --out.

Several exports (one per hub or region) are combined into one national run:
the hubs' own rows (returns, contracts, commitments, organisations,
rejections, priorities) are put together, and the tables every hub must hold
the same (the taxonomy, settings, proxy values) are checked equal and read
once. It refuses exports that cannot be combined, saying why: a contract
reference (or trust, or commitment) in two exports, a different taxonomy,
settings or reference date.

    spark-submit EXPORT/spark/svhub_spark.py --out marts/ EXPORT
    python3 EXPORT/spark/svhub_spark.py --out national/ ney/ nw/ mids/ ...

Tested with the Spark version in models.json ("spark_tested").
"""
import argparse
import json
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def fail(msg):
    print("svhub_spark: " + msg, file=sys.stderr)
    sys.exit(3)


def load_manifest(export):
    path = os.path.join(export, "manifest.json")
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except OSError as e:
        fail("read %s: %s (give the folder svhub export wrote)" % (path, e))


def spark_type(t):
    t = t.upper()
    simple = {"VARCHAR": "string", "DATE": "date", "DOUBLE": "double", "FLOAT": "float",
              "INTEGER": "int", "BIGINT": "bigint", "SMALLINT": "smallint", "TINYINT": "tinyint",
              "BOOLEAN": "boolean", "TIMESTAMP": "timestamp", "TIMESTAMP WITH TIME ZONE": "timestamp",
              "UBIGINT": "decimal(20,0)", "UINTEGER": "bigint", "HUGEINT": "decimal(38,0)", "BLOB": "binary"}
    if t in simple:
        return simple[t]
    if t.startswith("DECIMAL"):
        return t.lower()
    fail("column type %s has no Spark type here" % t)


def empty_table(spark, mt):
    schema = ", ".join("`%s` %s" % (c["name"], spark_type(c["type"])) for c in mt["columns"])
    return spark.createDataFrame([], schema)


def files_of(export, mt):
    """The Parquet files of one exported table (a partitioned table's under
    its year=/month= folders: the table's own columns are in the files)."""
    path = os.path.join(export, mt["path"])
    if mt.get("partition_by"):
        return [os.path.join(path, "*=*", "*=*", "*.parquet")]
    return [path]


def check_shared(exports, manifests, spec):
    """Before Spark starts: the tables every hub must hold the same are."""
    for inp in spec["inputs"].values():
        if inp.get("combine") != "same":
            continue
        name = inp["table"]
        hashes = []
        for e, m in zip(exports, manifests):
            mt = next((t for t in m["tables"] if t["name"] == name), None)
            if mt is None:
                fail("%s has no table %s: export it again with this svhub" % (e, name))
            hashes.append(mt.get("sha256"))
        for e, h in zip(exports[1:], hashes[1:]):
            if h != hashes[0]:
                fail("table %s differs between %s and %s: every hub must use the same %s "
                     "(load the same taxonomy and settings, then export again)" % (name, exports[0], e, name))


def export_of(uri, exports):
    """The export folder a file (as Spark names it) is in."""
    from urllib.parse import unquote, urlparse
    path = unquote(urlparse(uri).path)
    for e in exports:
        if path.startswith(os.path.abspath(e) + os.sep):
            return e
    return path


def combine(spark, exports, manifests, name, spec):
    """The exports' copies of one table, read in one scan: put together, or
    (checked equal before Spark started) read from the first export."""
    tables = []
    for e, m in zip(exports, manifests):
        mt = next((t for t in m["tables"] if t["name"] == name), None)
        if mt is None:
            fail("%s has no table %s: export it again with this svhub" % (e, name))
        tables.append((e, mt))
    if spec.get("combine") == "same":
        tables = tables[:1]
    cols = ["`%s`" % c["name"] for c in tables[0][1]["columns"]]
    paths = [p for e, mt in tables if mt["rows"] > 0 for p in files_of(e, mt)]
    if not paths:
        return empty_table(spark, tables[0][1])
    df = spark.read.parquet(*paths)
    key = spec.get("key")
    if len(tables) > 1 and key:
        from pyspark.sql import functions as F
        dup = (df.withColumn("_file", F.input_file_name()).groupBy(*key)
               .agg(F.countDistinct("_file").alias("n"), F.sort_array(F.collect_set("_file")).alias("files"))
               .where("n > 1").limit(1).collect())
        if dup:
            r = dup[0]
            fail("%s %s is in more than one export (%s): hubs' keys must be unique across the exports combined "
                 "(give each hub's references a prefix of its own)" % (
                     name, ", ".join("%s=%s" % (k, r[k]) for k in key), ", ".join(export_of(f, exports) for f in r["files"])))
    return df.select(*cols)


def main(argv=None):
    ap = argparse.ArgumentParser(description="Run svhub's models on Spark over svhub exports.")
    ap.add_argument("exports", nargs="+", help="export folders (svhub export --out DIR); several are combined")
    ap.add_argument("--out", required=True, help="folder to write the marts into, one Parquet folder each (replaced)")
    ap.add_argument("--models", default=HERE, help="folder with models.json (default: this script's)")
    ap.add_argument("--master", help="Spark master when run with python3 (spark-submit sets its own); e.g. local[2]")
    ap.add_argument("--only", help="write only these marts (comma-separated); the others stay views")
    ap.add_argument("--today", help="reference date YYYY-MM-DD (default: the exports' reference_date)")
    a = ap.parse_args(argv)

    with open(os.path.join(a.models, "models.json"), encoding="utf-8") as f:
        spec = json.load(f)
    manifests = [load_manifest(e) for e in a.exports]
    for e, m in zip(a.exports, manifests):
        if m.get("format") != "parquet":
            fail("%s is a %s export: the Spark runner reads Parquet (svhub export --format parquet)" % (e, m.get("format")))
        if m.get("schema_version") != spec["schema_version"]:
            fail("%s has schema version %s, these models need %s: export it with the same svhub" % (
                e, m.get("schema_version"), spec["schema_version"]))
    today = a.today
    if today is None:
        dates = sorted({m["reference_date"] for m in manifests})
        if len(dates) > 1:
            fail("the exports have different reference dates (%s): export them with the same --today, or give --today" % ", ".join(dates))
        today = dates[0]

    check_shared(a.exports, manifests, spec)

    from pyspark.sql import SparkSession
    b = SparkSession.builder.appName("svhub models")
    if a.master:
        b = b.master(a.master)
        if a.master.startswith("local"):
            # one machine: a few shuffle partitions, not the cluster's 200
            b = b.config("spark.sql.shuffle.partitions", "2").config("spark.ui.enabled", "false")
    b = b.config("spark.ui.showConsoleProgress", "false")
    # the models compute as DuckDB does: non-ANSI arithmetic (x div 0 is
    # NULL), dates without a time zone
    b = b.config("spark.sql.ansi.enabled", "false").config("spark.sql.session.timeZone", "UTC")
    # dates as DuckDB writes them (proleptic Gregorian, no rebasing), so an
    # open-ended span's 0001-01-01 reads and writes unchanged rather than
    # being refused as an "ancient" date from before 1582
    for mode in ("spark.sql.parquet.datetimeRebaseModeInWrite", "spark.sql.parquet.datetimeRebaseModeInRead",
                 "spark.sql.parquet.int96RebaseModeInWrite", "spark.sql.parquet.int96RebaseModeInRead"):
        b = b.config(mode, "CORRECTED")
    spark = b.getOrCreate()
    t0 = time.time()

    for name, inp in spec["inputs"].items():
        df = combine(spark, a.exports, manifests, inp["table"], inp)
        for c in inp.get("drop", []):
            df = df.drop(c)
        df.createOrReplaceTempView(name)
    spark.sql("create or replace temporary view %s as select date'%s' as today" % (spec["clock_view"], today))

    os.makedirs(a.out, exist_ok=True)
    for m in spec["models"]:
        with open(os.path.join(a.models, m["file"]), encoding="utf-8") as f:
            body = f.read()
        try:
            spark.sql("create or replace temporary view `%s` as\n%s" % (m["name"], body))
        except Exception as e:  # the model and Spark's message
            fail("create view %s (%s): %s" % (m["name"], m["file"], e))
        if m["layer"] != "marts":
            # computed once and held (most are read by several models), so
            # the models after it plan over its rows, not its whole lineage
            t = time.time()
            spark.table(m["name"]).localCheckpoint(eager=True).createOrReplaceTempView(m["name"])
            print("svhub_spark: %s (view, %.1f s)" % (m["name"], time.time() - t), file=sys.stderr)
            continue
        if a.only and m["name"] not in a.only.split(","):
            continue
        # marts are written, then read back as the view later models use,
        # as svhub materialises them
        target = os.path.join(a.out, m["name"])
        t = time.time()
        spark.table(m["name"]).write.mode("overwrite").parquet(target)
        spark.read.parquet(target).createOrReplaceTempView(m["name"])
        print("svhub_spark: %s (%.1f s)" % (m["name"], time.time() - t), file=sys.stderr)
    print("svhub_spark: wrote %d marts to %s in %.1f s (reference date %s, %d export(s))" % (
        sum(1 for m in spec["models"] if m["layer"] == "marts" and (not a.only or m["name"] in a.only.split(","))), a.out, time.time() - t0, today, len(a.exports)),
        file=sys.stderr)
    spark.stop()


if __name__ == "__main__":
    main()
