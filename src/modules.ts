/**
 * Every module and platform part with routes, in mount order. Adding a module = one line here.
 */
import { coreModule } from './platform/core';
import { authModule } from './platform/auth';
import { adminModule } from './platform/admin';
import { auditModule } from './platform/audit/module';
import { jobsModule } from './platform/jobs/module';
import { filesModule } from './platform/files/module';
import { territoryModule } from './modules/territory';
import { concernsModule } from './modules/concerns';
import { open311Module } from './modules/open311';
import { networkModule } from './modules/network';
import { groupsModule } from './modules/groups';
import { dialoguesModule } from './modules/dialogues';
import { officesModule } from './modules/offices';
import { reportsModule } from './modules/reports';
import { participationModule } from './modules/participation';
import { pagesModule } from './modules/pages';
import { portalModule } from './modules/portal';
import { accountsModule } from './modules/accounts';
import { searchModule } from './modules/search';
import type { QuartierModule } from './platform/module';

export const modules: QuartierModule[] = [coreModule, authModule, adminModule, auditModule, jobsModule, filesModule, territoryModule, concernsModule, open311Module, networkModule, officesModule, groupsModule, dialoguesModule, participationModule, reportsModule, pagesModule, searchModule, accountsModule, portalModule];
