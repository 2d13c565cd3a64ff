/**
 * DuckDB's allocator (its own jemalloc, configured by DUCKDB_JE_MALLOC_CONF, read when the library loads) keeps
 * freed pages for reuse, and a writer committing scan after scan grew by what it kept: 40 scans of 300 slice rows
 * took the process 117 -> 132 MB; returning freed pages at once (no decay), 116 -> 120 MB. That growth was most
 * of what a cohort's peak RSS still grew by (20 scans of 256x256x100, compiled: 2 vs 20 scans 154-160 / 166-173
 * MB before, 155-159 / 161-165 MB after). A value the user set is left alone.
 *
 * Returning pages after a second instead (dirty_decay_ms:1000) saves CPU on cohorts of single slices (each free a
 * madvise and a TLB shootdown, each reuse a page fault: 2,000 files at 21.6 instead of 27.3 CPU ms per scan), but a
 * 20-scan cohort then peaked 8-11 % above a 2-scan one against 6-8 % (test/cli/memory.test.ts): flat memory comes
 * first, and the README tells users of tiny-scan cohorts how to choose otherwise. (Since the histograms are
 * written as lists, the setting gains those cohorts only ~5 %: 115/116 against 107/111 scans/s.)
 *
 * Imported by openDatabase.ts before @duckdb/node-api, the only module that loads DuckDB: set any later and it
 * has no effect.
 */
const DUCKDB_ALLOCATOR_CONF = 'dirty_decay_ms:0,muzzy_decay_ms:0';

process.env.DUCKDB_JE_MALLOC_CONF ??= DUCKDB_ALLOCATOR_CONF;
