/**
 * Every module and platform part with routes, in mount order. Adding a module = one line here.
 */
import { coreModule } from './platform/core';
import type { QuartierModule } from './platform/module';

export const modules: QuartierModule[] = [coreModule];
