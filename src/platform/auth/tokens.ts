/** Secret tokens: random values handed out once, stored only as SHA-256 hashes. */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { newToken } from '../ids';

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

export function hmac(key: string, value: string): string {
  return createHmac('sha256', key).update(value, 'utf8').digest('base64url');
}

/** Constant-time comparison of two strings (false when lengths differ). */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** A new secret with its hash: `{ token, hash }`. */
export function newSecret(bytes = 32): { token: string; hash: string } {
  const token = newToken(bytes);
  return { token, hash: sha256Hex(token) };
}

export const API_TOKEN_PREFIX = 'qrt_';
/** How many characters of an API token are kept in clear to recognise it. */
export const API_TOKEN_SHOWN = 10;

export function newApiToken(): { token: string; hash: string; prefix: string } {
  const token = `${API_TOKEN_PREFIX}${newToken(32)}`;
  return { token, hash: sha256Hex(token), prefix: token.slice(0, API_TOKEN_SHOWN) };
}
