#!/usr/bin/env node
// Entry point of the `quartier` command. Registers tsx so the TypeScript sources run directly
// (no build step), then hands over to src/cli.ts.
import { register } from 'tsx/esm/api';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
// The repository's tsconfig (JSX through hono/jsx), whatever the working directory is.
register({ tsconfig: path.join(here, '..', 'tsconfig.json') });
const { runCli } = await import(pathToFileURL(path.join(here, '..', 'src', 'cli.ts')).href);
await runCli(process.argv.slice(2));
