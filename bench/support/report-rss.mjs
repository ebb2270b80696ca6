// Preloaded (`node --import`) into every process the start-up benchmark times, the bare `node -e 0`
// baseline included: prints the process's peak resident memory (KB) on stderr as it exits.
import process from 'node:process';

process.on('exit', () => {
  process.stderr.write(`\nnova-bench-max-rss-kb ${process.resourceUsage().maxRSS}\n`);
});
