import { processIO } from './context';
import { runCli } from './program';

runCli(process.argv.slice(2), processIO()).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`error: ${err?.message ?? err}\n`);
    process.exitCode = 1;
  },
);
