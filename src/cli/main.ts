import { processIO } from './context';
import { limitHeapGrowth } from './heapGrowth';
import { runCli } from './program';

limitHeapGrowth();
runCli(process.argv.slice(2), processIO()).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`error: ${err?.message ?? err}\n`);
    process.exitCode = 1;
  },
);
