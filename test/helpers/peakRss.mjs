// Preloaded into a CLI child (node --import) by tests that measure memory: on exit, writes the process's peak
// resident set (worker threads included: they share the process) to $LUNGFLOW_TEST_RSS_FILE, in bytes.
import { writeFileSync } from 'node:fs';

process.on('exit', () => {
  const file = process.env.LUNGFLOW_TEST_RSS_FILE;
  if (file) writeFileSync(file, String(process.resourceUsage().maxRSS * 1024));
});
