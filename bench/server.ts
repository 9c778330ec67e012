/**
 * Quartier for the benchmark: `startServer` from src/main.ts on a loopback port, configured from the environment
 * that bench/run.ts passes (SQLite file of the generated data set). Started as a child process; reports its port
 * over IPC and stops when the parent disconnects.
 */
import { startServer } from '../src/main';
import { parseConfig } from '../src/platform/config';

const config = parseConfig({ ...process.env, HOST: '127.0.0.1', PORT: '0' });
const running = await startServer(config, { port: 0 });
process.send?.({ ready: true, port: running.port });
process.on('disconnect', () => {
  void running.stop().finally(() => process.exit(0));
});
