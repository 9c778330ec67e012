#!/usr/bin/env node
// Runs a TypeScript file of this repository (bench scripts, tools) through tsx.
import { register } from 'tsx/esm/api';
import { pathToFileURL } from 'node:url';
import path from 'node:path';

register();
const file = process.argv[2];
if (!file) { console.error('usage: run-ts <file.ts>'); process.exit(2); }
await import(pathToFileURL(path.resolve(file)).href);
