/** What a person does in the browser, step by step, with every page checked on the way. */
import { expect } from 'vitest';
import type { OpenPage } from './fixture';
import type { E2eUser } from './server';

/** Submits the form that contains `selector` (its submit button), waits for the next page and checks it. */
export async function submit(p: OpenPage, formSelector: string, label: string): Promise<void> {
  await Promise.all([p.page.waitForEvent('framenavigated', { predicate: (f) => f === p.page.mainFrame() }), p.page.locator(`${formSelector} button[type="submit"]`).first().click()]);
  await p.watch.check(label);
}

/** Signs in through /login like a person: types e-mail and password, submits, lands on the staff start page. */
export async function signIn(p: OpenPage, user: Pick<E2eUser, 'email' | 'password'>): Promise<void> {
  await p.watch.visit('/login');
  await p.page.fill('#f-email', user.email);
  await p.page.fill('#f-password', user.password);
  await submit(p, 'main form[action^="/login"]', `sign-in of ${user.email}`);
  expect(new URL(p.page.url()).pathname).not.toBe('/login');
}
