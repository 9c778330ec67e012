/**
 * Every module and platform part with routes, in mount order. Adding a module = one line here.
 */
import { coreModule } from './platform/core';
import { authModule } from './platform/auth';
import { adminModule } from './platform/admin';
import { auditModule } from './platform/audit/module';
import { territoryModule } from './modules/territory';
import type { QuartierModule } from './platform/module';

export const modules: QuartierModule[] = [coreModule, authModule, adminModule, auditModule, territoryModule];
