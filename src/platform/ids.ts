import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghijkmnopqrstuvwxyz'; // no "l"

/** A prefixed random id, e.g. `usr_4k2m…` (16 chars of base-35, ~82 bits). */
export function newId(prefix: string, length = 16): string {
  const bytes = randomBytes(length);
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[bytes[i]! % ALPHABET.length];
  return `${prefix}_${out}`;
}

/** A URL-safe secret token (for sessions, reset links, API tokens). */
export function newToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
