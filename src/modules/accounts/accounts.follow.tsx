/** @jsxImportSource hono/jsx */
/** The follow control for other modules' pages: the button in the right state for the request's resident. */
import type { Context } from 'hono';
import type { AppEnv } from '../../platform/http/context';
import type { FollowTarget } from './accounts.registry';
import { followState } from './accounts.service';
import { currentResident } from './accounts.session';
import { FollowButton } from './views/account';

/**
 * `await followControl(c, { type: 'area', id: area.id }, { back: '/areas/kray', label: area.name })` gives a
 * follow/unfollow form for a signed-in resident, or a "sign in to follow" link (coming back to `back`).
 */
export async function followControl(c: Context<AppEnv>, target: FollowTarget, opts: { back: string; label?: string }) {
  const account = await currentResident(c);
  const following = await followState(c.var.db, account?.id, target);
  return <FollowButton t={c.var.t} target={target} following={following} signedIn={!!account} csrfToken={c.var.csrfToken} back={opts.back} {...(opts.label !== undefined ? { label: opts.label } : {})} />;
}
