/**
 * Street-name normalisation for lookups that ignore case, diacritics, spacing and punctuation.
 *
 * Two keys per name, both only [a-z0-9]:
 * - `norm` spells umlauts out (ä → ae, ö → oe, ü → ue, ß → ss): "Märkische Straße" → "maerkischestrasse";
 * - `fold` drops the diacritic (ä → a …, ß → ss): "Märkische Straße" → "markischestrasse".
 * A query matches when its `norm` is a prefix of a name's `norm` or its `fold` a prefix of the name's `fold`, so
 * "Märkische", "Maerkische" and "Markische" all find the street. "Str." / "str" at the end of a word becomes
 * "strasse", and in queries a trailing house number ("Karnaper Straße 100a") is ignored.
 */

export interface NameKeys {
  norm: string;
  fold: string;
}

const SPELL_OUT: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss', æ: 'ae', œ: 'oe' };
const FOLD: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe' };

function stripMarks(s: string): string {
  return s.normalize('NFD').replace(/\p{M}+/gu, '');
}

function clean(raw: string, dropHouseNumber: boolean): string {
  let s = raw.normalize('NFC').toLowerCase().trim();
  // A trailing house number, optionally with a letter or a range: "100", "12a", "3-5", "7 b".
  if (dropHouseNumber) s = s.replace(/[\s,]+\d+\s*[a-z]?(\s*[-/]\s*\d+\s*[a-z]?)?$/u, '');
  // "Hauptstr.", "Hauptstr", "Karnaper Str." → "...straße"
  s = s.replace(/str(\.|(?=[\s\-,]|$))/gu, 'straße');
  return s.trim();
}

function keep(s: string): string {
  return s.replace(/[^a-z0-9]+/g, '');
}

function keysOf(s: string): NameKeys {
  const norm = keep(stripMarks(s.replace(/[äöüßæœ]/g, (ch) => SPELL_OUT[ch] ?? ch)));
  const fold = keep(stripMarks(s.replace(/[ßæœ]/g, (ch) => FOLD[ch] ?? ch)));
  return { norm, fold };
}

/** Keys of what someone typed (a house number at the end is ignored). */
export function queryKeys(input: string): NameKeys {
  return keysOf(clean(input, true));
}

/** Keys of an official street name (stored in the database). */
export function streetKeys(name: string): NameKeys {
  return keysOf(clean(name, false));
}
