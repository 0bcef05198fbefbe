"""Grade a class: every submission in a folder, in parallel, resumably, in shards.

    ch2-grade batch SUBMISSIONS --output DIR [--jobs N] [--force] [--shard K/N]
    ch2-grade merge DIR SHARD_DIR... [--output grades.csv]

One JSON report per student lands in DIR (written atomically: a killed run
loses no finished grade and leaves no half-written file), and ``grades.csv``
is rebuilt from the reports at the end.
"""
