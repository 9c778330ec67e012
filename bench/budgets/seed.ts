/**
 * The budgets' data set: a temporary SQLite file migrated and seeded like `npm start` on a new database (Essen,
 * then the demo data of src/demo.ts), plus what the demo lacks for the public participation pages: in Karnap a
 * published proposal with a visible comment, an open survey, and a proposal waiting for its e-mail link (so the
 * confirmation page has a real token). Everything through the real services; the e-mails land in MAIL_DIR.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../../src/app';
import { parseConfig, type Config } from '../../src/platform/config';
import { routePolicies } from '../../src/platform/http/guard';
import { createLogger } from '../../src/platform/log';
import { openDatabase } from '../../src/platform/db/connection';
import { migrateToLatest } from '../../src/platform/db/migrator';
import { forTenant } from '../../src/platform/db/tenant-scope';
import { findUserByEmail, findUserWithAssignments, type AuthDb } from '../../src/platform/auth/users.queries';
import type { CurrentUser, ServiceContext, Tenant } from '../../src/platform/http/context';
import { seedBase } from '../../src/seed';
import { DEMO_DOMAIN, seedDemo } from '../../src/demo';
import { areas } from '../../src/platform/directory';
import { addComment, changeSurveyStatus, confirmLink, createSurvey, submitProposal, supportProposal, type ParticipationContext } from '../../src/modules/participation';
import { parseEml } from '../../test/support/auth';
import { pathsInText } from './pages';

export interface BudgetData {
  dir: string;
  env: Record<string, string>;
  /** Paths of the links in every e-mail the seeding sent (tokens of confirmation pages). */
  mailPaths: string[];
  /** Pages of what the seeding made (Karnap's participation page, the survey, its results), offered to the crawl first. */
  seedPaths: string[];
  /** The route-policy table ("GET /path" → policy) as the server builds it. */
  policies: Record<string, string>;
  remove(): void;
}

const LINK_BASE = 'http://quartier.localhost';

function mailPaths(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.eml'))
    .sort()
    .flatMap((f) => pathsInText(parseEml(fs.readFileSync(path.join(dir, f), 'utf8'), f).text));
}

function tokenFor(dir: string, prefix: string): string {
  const p = mailPaths(dir).findLast((x) => x.startsWith(prefix));
  if (!p) throw new Error(`no e-mail link ${prefix}… was written to ${dir}`);
  return p.slice(prefix.length);
}

export async function buildBudgetData(): Promise<BudgetData> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quartier-budgets-'));
  const env: Record<string, string> = {
    // What `npm start` runs with, on a file of its own; production mode (caching, no dev extras) on plain HTTP.
    NODE_ENV: 'production',
    COOKIE_SECURE: 'false',
    SQLITE_FILE: path.join(dir, 'quartier.sqlite'),
    MAIL_DIR: path.join(dir, 'mail'),
    FILES_DIR: path.join(dir, 'files'),
    LOG_LEVEL: 'silent',
    // Hundreds of page loads from one loopback address.
    RATE_LIMITS_ENABLED: 'false',
    JOBS_ENABLED: 'false',
    PUBLIC_URL: LINK_BASE,
  };
  const config: Config = parseConfig(env);
  const handle = openDatabase({ sqliteFile: config.SQLITE_FILE });
  let policies: Record<string, string> = {};
  const seedPaths: string[] = [];
  try {
    await migrateToLatest(handle.db);
    // Building the app registers every module's routes (the policy table) and message catalogs (the e-mails).
    buildApp({ config, rootDb: handle.db, dialect: handle.dialect, log: createLogger('silent') });
    policies = { ...routePolicies() } as Record<string, string>;
    const { tenant: row } = await seedBase(handle.db, config);
    await seedDemo(handle.db, row, { password: 'Budgets-Demo-2026!' });
    const db = forTenant(handle.db, row.id);
    const tenant: Tenant = { id: row.id, slug: row.slug, name: row.name, defaultLocale: 'de' };
    const karnap = (await areas().listAreas(db)).find((a) => a.name.includes('Karnap'));
    if (!karnap) throw new Error('the seed has no programme area Karnap');
    const found = await findUserByEmail(db as unknown as AuthDb, `koordination@${DEMO_DOMAIN}`);
    const coordinator = found && (await findUserWithAssignments(db as unknown as AuthDb, found.id));
    if (!coordinator) throw new Error('the demo coordinator is missing');
    const staff: CurrentUser = { ...coordinator, locale: null };
    const base: ServiceContext = { tenant, db, user: null, requestId: null, dialect: handle.dialect };
    const pub: ParticipationContext = { ...base, mail: { config, linkBase: LINK_BASE } };

    const { proposal } = await submitProposal(pub, {
      areaId: karnap.id,
      title: 'Bänke und Schatten am Karnaper Markt (Demo)',
      body: 'Am Markt fehlen Sitzplätze im Schatten, vor allem für ältere Menschen und Eltern mit kleinen Kindern.',
      name: 'Ayşe (Demo)',
      email: `vorschlag@${DEMO_DOMAIN}`,
      locale: 'de',
    });
    await confirmLink(pub, tokenFor(config.MAIL_DIR, '/participation/confirm/'));
    await addComment(pub, proposal.id, { body: 'Gute Idee – ein Trinkbrunnen dazu wäre schön.', name: 'Nachbar (Demo)', email: `kommentar@${DEMO_DOMAIN}`, locale: 'de' });
    await confirmLink(pub, tokenFor(config.MAIL_DIR, '/participation/confirm/'));
    const survey = await createSurvey(
      { ...base, user: staff },
      {
        areaId: karnap.id,
        title: 'Der Karnaper Markt (Demo)',
        intro: null,
        questions: [
          { kind: 'single', prompt: 'Wie oft sind Sie am Markt?', required: true, options: ['täglich', 'wöchentlich', 'selten'] },
          { kind: 'multiple', prompt: 'Was fehlt?', required: false, options: ['Schatten', 'Bänke', 'Toiletten'] },
          { kind: 'rating', prompt: 'Wie gefällt Ihnen der Markt?', required: false, options: [] },
          { kind: 'text', prompt: 'Was möchten Sie noch sagen?', required: false, options: [] },
        ],
      },
    );
    await changeSurveyStatus({ ...base, user: staff }, survey.id, 'open');
    // A support (its e-mail carries the withdrawal link, a page of its own).
    await supportProposal(pub, proposal.id, { email: `unterstuetzung@${DEMO_DOMAIN}`, locale: 'de' });
    seedPaths.push(`/areas/${karnap.slug}`, `/participation/areas/${karnap.slug}`, `/participation/surveys/${survey.id}`, `/participation/surveys/${survey.id}/results`);
    // Left unconfirmed: its link is the confirmation page the crawl visits.
    await submitProposal(pub, { areaId: karnap.id, title: 'Mehr Fahrradständer (Demo)', body: 'Am Bahnhof fehlen Fahrradständer.', name: null, email: `offen@${DEMO_DOMAIN}`, locale: 'de' });
  } finally {
    await handle.close();
  }
  return {
    dir,
    env,
    mailPaths: mailPaths(config.MAIL_DIR),
    seedPaths,
    policies,
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
