#!/usr/bin/env node
// Runs a TypeScript file of this repository (bench scripts, tools) through tsx.
import { register } from 'tsx/esm/api';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';

// The repository's tsconfig (JSX through hono/jsx), whatever the working directory is.
register({ tsconfig: path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'tsconfig.json') });
const file = process.argv[2];
if (!file) { console.error('usage: run-ts <file.ts>'); process.exit(2); }
await import(pathToFileURL(path.resolve(file)).href);
