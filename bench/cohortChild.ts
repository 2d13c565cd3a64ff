/**
 * Child-process entry for the peak-RSS measurement: runs one cohort and prints one JSON line with its wall time
 * and the process's maxRSS (kB; worker threads included — they share the process), so every cohort size gets a
 * process of its own and its own peak.
 *   node dist/bench/cohortChild.js <workers> <maxScans> <preset> <file>...   (or --import tsx bench/cohortChild.ts)
 */
import { timeCohort } from './cohortTiming.js';

const [workers, maxScans, preset, ...files] = process.argv.slice(2);
const r = await timeCohort(files, { workers: Number(workers), maxScans: Number(maxScans), preset, timings: false });
process.stdout.write(`${JSON.stringify({ scans: files.length, wallMs: r.wallMs, maxRssKb: process.resourceUsage().maxRSS })}\n`);
