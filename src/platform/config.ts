/**
 * Configuration: every environment variable Quartier reads is parsed here, once, by zod.
 * An invalid value stops the process with a clear message (see README "Konfiguration / Configuration").
 */
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** A retention period in days (1–3650), refused with one clear message. */
const retentionDays = (fallback: number) => {
  const message = 'must be a whole number of days from 1 to 3650';
  return z.coerce.number({ error: message }).int(message).min(1, message).max(3650, message).default(fallback);
};

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Public base URL, used in e-mail links. */
  PUBLIC_URL: z.url().optional(),
  /** PostgreSQL connection string. When unset, the embedded SQLite database is used. */
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://').optional(),
  /** SQLite file used when DATABASE_URL is unset. */
  SQLITE_FILE: z.string().min(1).default('./data/quartier.sqlite'),
  /** Slug of the tenant used when the request host matches no tenant. */
  DEFAULT_TENANT: z.string().regex(/^[a-z0-9-]+$/).default('essen'),
  /** Seed demo data on a new database (default: on outside production). */
  SEED_DEMO: bool.optional(),
  /** Password for the admin account created by `quartier seed`; printed once when generated. */
  ADMIN_EMAIL: z.email().default('admin@quartier.localhost'),
  ADMIN_PASSWORD: z.string().min(12, 'ADMIN_PASSWORD must have at least 12 characters').optional(),
  /** Cookies get the Secure flag. Default: on in production. */
  COOKIE_SECURE: bool.optional(),
  /** Trust X-Forwarded-* headers from a reverse proxy (client IP, protocol). */
  TRUST_PROXY: bool.default(false),
  SESSION_TTL_HOURS: z.coerce.number().int().min(1).max(24 * 90).default(12),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** SMTP URL (smtp://user:pass@host:587). When unset, mails are written as .eml files to MAIL_DIR. */
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://').optional(),
  MAIL_FROM: z.string().min(3).default('Quartier <no-reply@quartier.localhost>'),
  MAIL_DIR: z.string().min(1).default('./data/mail'),
  /** Failed logins allowed per account and per IP within LOGIN_THROTTLE_WINDOW_MINUTES. */
  LOGIN_MAX_ATTEMPTS_ACCOUNT: z.coerce.number().int().min(1).default(5),
  LOGIN_MAX_ATTEMPTS_IP: z.coerce.number().int().min(1).default(20),
  LOGIN_THROTTLE_WINDOW_MINUTES: z.coerce.number().int().min(1).default(15),
  /** Raster tiles under the maps (XYZ template, e.g. https://tile.example/{z}/{x}/{y}.png). Unset: no tile server. */
  MAP_TILE_URL: z
    .string()
    .regex(/^https?:\/\/[^\s/?#]+\/\S*$/, 'must be an http(s) URL')
    .refine((v) => v.includes('{z}') && v.includes('{x}') && v.includes('{y}'), 'must contain {z}, {x} and {y}')
    .optional(),
  /** Credit line of the tile provider, shown under every map with tiles (e.g. "© OpenStreetMap contributors"). */
  MAP_TILE_ATTRIBUTION: z.string().max(300).optional(),
  /** Days after which closed concerns are anonymised (contact data, follower addresses, tokens erased) by a scheduled job. */
  CONCERN_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(365),
  /** Days after an offer's last session when its registrations lose name, e-mail, language and cancel link (offices job). */
  OFFER_REGISTRATION_RETENTION_DAYS: retentionDays(30),
  /** Days after a room booking's last occurrence when the booking loses its contact (name, e-mail, language; offices job). */
  BOOKING_CONTACT_RETENTION_DAYS: retentionDays(90),
  /** Months without any activity after which a person in the network is flagged for review (GDPR: still needed?). */
  NETWORK_REVIEW_MONTHS: z.coerce.number().int().min(1).max(120).default(24),
  /** Run the background-job worker inside the web server (default on). Off: run `quartier jobs run-once` from cron. */
  JOBS_ENABLED: bool.default(true),
  /** How often an idle worker looks for due jobs, in milliseconds. */
  JOBS_POLL_MS: z.coerce.number().int().min(100).max(60_000).default(1000),
  /** Jobs one server process runs at the same time. */
  JOBS_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(2),
  /** Folder for uploaded files (photos), one sub-folder per tenant. Back it up together with the database. */
  FILES_DIR: z.string().min(1).default('./data/files'),
  /** Per-IP rate limits on public forms and APIs (default on). Turn off only for load tests. */
  RATE_LIMITS_ENABLED: bool.default(true),
});

export type Config = Readonly<z.infer<typeof schema> & { isProduction: boolean; cookieSecure: boolean; seedDemo: boolean }>;

export class ConfigError extends Error {}

export function parseConfig(env: Record<string, string | undefined> = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const c = result.data;
  const isProduction = c.NODE_ENV === 'production';
  return Object.freeze({
    ...c,
    isProduction,
    cookieSecure: c.COOKIE_SECURE ?? isProduction,
    seedDemo: c.SEED_DEMO ?? !isProduction,
  });
}

/** Parses process.env or exits with the message (for the CLI and main). */
export function loadConfigOrExit(): Config {
  try {
    return parseConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(78);
    }
    throw e;
  }
}
