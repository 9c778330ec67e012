/**
 * Passwords: argon2id hashes (OWASP parameters: 19 MiB, 2 iterations), a minimum length of 12 and a check against
 * very common passwords and obvious patterns. Rules return catalog keys so the forms can show them.
 */
import { hash, verify } from '@node-rs/argon2';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 200;

/** algorithm 2 = Algorithm.Argon2id (a const enum, which isolated modules cannot import). */
const ARGON2_OPTIONS = { algorithm: 2 as const, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export async function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

/** A fixed hash checked when no account matches, so that a login takes the same time either way. */
let dummyHash: Promise<string> | null = null;

export async function verifyPassword(stored: string | null | undefined, password: string): Promise<boolean> {
  if (!stored) {
    dummyHash ??= hashPassword('quartier-timing-equaliser-0000');
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/**
 * Very common passwords of 12 characters or more (shorter ones fail the length rule anyway), from public
 * breach-frequency lists, plus German favourites. Compared case-insensitively.
 */
const COMMON = new Set(
  [
    '123456789012', '1234567890123', '12345678901234', '123456789000', '111111111111', '000000000000', '123123123123',
    '121212121212', '123321123321', '987654321098', '098765432109', '112233445566', '147258369147', '1q2w3e4r5t6y',
    '1qaz2wsx3edc', 'qwertyuiopas', 'qwertyuiop12', 'qwertyuiop123', 'qwerty123456', 'qwertzuiopü', 'qwertzuiop12',
    'qwertz123456', 'asdfghjkl123', 'asdfghjklöä', 'zxcvbnm12345', 'abcdefghijkl', 'abcdef123456', 'abc123abc123',
    'abcd12345678', 'password1234', 'password12345', 'password123456', 'passwordpassword', 'password!123', 'p@ssw0rd1234',
    'passw0rd1234', 'iloveyou1234', 'iloveyou12345', 'letmein12345', 'welcome12345', 'welcome123456', 'football1234',
    'baseball1234', 'sunshine1234', 'princess1234', 'superman1234', 'starwars1234', 'trustno11234', 'monkey123456',
    'dragon123456', 'master123456', 'shadow123456', 'michael12345', 'jennifer1234', 'computer1234', 'internet1234',
    'administrator', 'administrator1', 'admin1234567', 'admin123456789', 'adminadmin12', 'changeme1234', 'changeme12345',
    'secret123456', 'default12345', 'qazwsxedcrfv', 'mypassword12', 'mypassword123', 'newpassword1', 'newpassword12',
    'passwort1234', 'passwort12345', 'passwort123456', 'passwortpasswort', 'hallo1234567', 'hallohallo12', 'hallo123456789',
    'willkommen12', 'willkommen123', 'willkommen1234', 'geheim123456', 'geheimgeheim', 'schalke04schalke04', 'borussia1909',
    'fussball1234', 'sommer123456', 'winter123456', 'frühling1234', 'deutschland1', 'deutschland12', 'deutschland123',
    'ichliebedich', 'ichliebedich1', 'schatz123456', 'sonnenschein', 'sonnenschein1', 'schmetterling', 'hallo1234567890',
    'essen1234567', 'quartier1234', 'quartier12345', 'quartiersmanagement', 'stadtteil1234', 'startstart12',
  ].map((p) => p.toLowerCase()),
);

/** Words that make a password guessable when only digits or symbols are added around them. */
const BASE_WORDS = ['password', 'passwort', 'passw0rd', 'qwerty', 'qwertz', 'hallo', 'willkommen', 'welcome', 'admin', 'letmein', 'iloveyou', 'geheim', 'quartier', 'essen', 'changeme', 'secret', 'test'];

/** Runs of keys on German and English keyboards. */
const KEYBOARD_ROWS = ['qwertzuiopü', 'qwertyuiop', 'asdfghjklöä', 'yxcvbnm', 'zxcvbnm', 'qaywsxedcrfvtgbzhnujmikolp', '1qay2wsx3edc4rfv5tgb'];

function isSequence(s: string): boolean {
  if (s.length < 4) return false;
  const codes = [...s].map((ch) => ch.codePointAt(0) ?? 0);
  const step = codes[1]! - codes[0]!;
  if (Math.abs(step) !== 1 && step !== 0) return false;
  return codes.every((c, i) => i === 0 || c - codes[i - 1]! === step);
}

/** Repetitions of one short chunk, e.g. "abcabcabcabc" or "aaaaaaaaaaaa". */
function isRepetition(s: string): boolean {
  for (let len = 1; len <= Math.floor(s.length / 2); len++) {
    if (s.length % len !== 0) continue;
    if (s.slice(0, len).repeat(s.length / len) === s) return true;
  }
  return false;
}

export interface PasswordContext {
  email?: string | null;
  displayName?: string | null;
}

/** Returns a catalog key describing why the password is not acceptable, or null when it is. */
export function passwordProblem(password: string, ctx: PasswordContext = {}): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return 'auth.password.tooShort';
  if (password.length > PASSWORD_MAX_LENGTH) return 'auth.password.tooLong';
  const lower = password.toLowerCase();
  if (COMMON.has(lower)) return 'auth.password.common';
  if (isSequence(lower) || isRepetition(lower)) return 'auth.password.common';
  const core = lower.replace(/^[\p{N}\p{P}\p{S}\s_]+|[\p{N}\p{P}\p{S}\s_]+$/gu, '');
  if (core.length === 0 || BASE_WORDS.includes(core) || COMMON.has(core)) return 'auth.password.common';
  if (core.length >= 6 && KEYBOARD_ROWS.some((row) => row.includes(core))) return 'auth.password.common';
  const email = ctx.email?.toLowerCase().trim();
  if (email && (lower === email || (email.split('@')[0]!.length >= 4 && lower.includes(email.split('@')[0]!)))) return 'auth.password.personal';
  const name = ctx.displayName?.toLowerCase().replace(/\s+/g, '');
  if (name && name.length >= 4 && lower.replace(/\s+/g, '').includes(name)) return 'auth.password.personal';
  return null;
}

/** A random password that passes the rules (for generated admin and CLI accounts), e.g. "kT4m-9xQz-…". */
export function generatePassword(): string {
  const alphabet = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = crypto.getRandomValues(new Uint8Array(20));
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
  return `${chars.slice(0, 5)}-${chars.slice(5, 10)}-${chars.slice(10, 15)}-${chars.slice(15, 20)}`;
}
