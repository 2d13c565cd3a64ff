/**
 * DuckDB's allocator (its own jemalloc, configured by DUCKDB_JE_MALLOC_CONF, read when the library loads) keeps
 * freed pages for reuse, and a writer committing scan after scan grew by what it kept: 40 scans of 300 slice rows
 * took the process 117 -> 132 MB; returning freed pages at once (no decay), 116 -> 120 MB. That growth was most
 * of what a cohort's peak RSS still grew by (20 scans of 256x256x100, compiled: 2 vs 20 scans 154-160 / 166-173
 * MB before, 155-159 / 161-165 MB after). Returned at once, though, every free cost a madvise and a TLB shootdown
 * across cores, and every reuse page faults again: on 500 single-slice files (2 workers) that was ~15 % of the
 * process's CPU. Pages freed are returned after a second instead: what is kept is at most a second's frees, so the
 * writer still does not grow (500 files: user+sys CPU 25.8 -> 21.5 s and 24.8 -> 18.9 s in two alternating pairs;
 * peak RSS 351-359 vs 365-368 MB). A value the user set is left alone.
 *
 * Imported by openDatabase.ts before @duckdb/node-api, the only module that loads DuckDB: set any later and it
 * has no effect.
 */
const DUCKDB_ALLOCATOR_CONF = 'dirty_decay_ms:1000,muzzy_decay_ms:0';

process.env.DUCKDB_JE_MALLOC_CONF ??= DUCKDB_ALLOCATOR_CONF;
