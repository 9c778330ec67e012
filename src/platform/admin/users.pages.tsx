/** @jsxImportSource hono/jsx */
/** Pages of the user administration (action 'users.manage'): list, invite, edit, resend invitation. */
import { Hono, type Context } from 'hono';
import { requireLinkBase } from '../auth/links';
import { can, ROLES, type Role } from '../auth/policy';
import { USER_STATUSES, type UserStatus } from '../auth/users.queries';
import { getUserAdmin, inviteUser, listUsersAdmin, resendInvitation, updateUserAdmin, type MailContext } from '../auth/users.service';
import { areas } from '../directory';
import type { AppEnv } from '../http/context';
import { fieldErrorsFrom, readForm, type FormValues } from '../http/forms';
import { redirectWithNotice } from '../http/notice';
import { render } from '../http/render';
import { svc } from '../http/service-context';
import type { FormState } from '../ui/components';
import { formValuesFromAssignments, parseEditForm, parseInviteForm } from './users.form';
import { EditView, InviteView, UserListView } from './users.views';

type C = Context<AppEnv>;
export const pages = new Hono<AppEnv>();

const PAGE_SIZE = 50;

async function mailCtx(c: C): Promise<MailContext> {
  return { config: c.var.deps.config, linkBase: await requireLinkBase(c) };
}


function crumbs(c: C, last?: string): [string, string?][] {
  const t = c.var.t;
  return last ? [[t('auth.nav.staff'), '/staff'], [t('admin.users.heading'), '/admin/users'], [last]] : [[t('auth.nav.staff'), '/staff'], [t('admin.users.heading')]];
}

pages.get('/admin/users', async (c) => {
  const t = c.var.t;
  const q = (c.req.query('q') ?? '').trim().slice(0, 200);
  const roleQ = c.req.query('role') ?? '';
  const statusQ = c.req.query('status') ?? '';
  const role = (ROLES as readonly string[]).includes(roleQ) ? (roleQ as Role) : undefined;
  const status = (USER_STATUSES as readonly string[]).includes(statusQ) ? (statusQ as UserStatus) : undefined;
  const offset = Math.max(0, Math.min(1_000_000, Number.parseInt(c.req.query('offset') ?? '0', 10) || 0));
  const { total, users } = await listUsersAdmin(svc(c), { q, role, status, limit: PAGE_SIZE, offset });
  const areaNames = new Map((await areas().listAreas(c.var.db)).map((a) => [a.id, a.name]));
  return render(
    c,
    t('admin.users.title'),
    <UserListView
      t={t}
      locale={c.var.locale}
      users={users}
      total={total}
      offset={offset}
      limit={PAGE_SIZE}
      filter={{ q, role: role ?? '', status: status ?? '' }}
      areaNames={areaNames}
    />,
    { crumbs: crumbs(c) },
  );
});

async function renderInvite(c: C, form: FormState, status?: 422) {
  const t = c.var.t;
  return render(c, t('admin.users.inviteHeading'), <InviteView t={t} csrf={c.var.csrfToken} form={form} areas={await areas().listAreas(c.var.db)} />, {
    crumbs: crumbs(c, t('admin.users.invite')),
    ...(status ? { status } : {}),
  });
}

pages.get('/admin/users/new', (c) => renderInvite(c, { values: {}, errors: [] }));

pages.post('/admin/users/new', async (c) => {
  const values = await readForm(c);
  const parsed = parseInviteForm(values);
  let newId = '';
  const problems = parsed.ok
    ? await fieldErrorsFrom(async () => {
        newId = await inviteUser(svc(c), parsed.data, await mailCtx(c));
      })
    : parsed.errors;
  if (problems) return renderInvite(c, { values, errors: problems }, 422);
  return redirectWithNotice(c, `/admin/users/${encodeURIComponent(newId)}`, 'admin.users.invited');
});

async function renderEdit(c: C, id: string, values: FormValues | null, errors: FormState['errors'] = [], status?: 422) {
  const t = c.var.t;
  const user = await getUserAdmin(svc(c), id);
  const form: FormState = {
    values: values ?? {
      display_name: user.displayName,
      organisation: user.organisation ?? '',
      status: user.status === 'disabled' ? 'disabled' : 'active',
      ...formValuesFromAssignments(user.assignments),
    },
    errors,
  };
  return render(
    c,
    t('admin.users.editHeading', { name: user.displayName }),
    <EditView
      t={t}
      locale={c.var.locale}
      csrf={c.var.csrfToken}
      form={form}
      areas={await areas().listAreas(c.var.db)}
      user={user}
      self={user.id === c.var.user?.id}
      canReadAudit={can(c.var.user, 'audit.read')}
    />,
    { crumbs: crumbs(c, user.displayName), ...(status ? { status } : {}) },
  );
}

pages.get('/admin/users/:id', (c) => renderEdit(c, c.req.param('id'), null));

pages.post('/admin/users/:id', async (c) => {
  const id = c.req.param('id');
  const values = await readForm(c);
  const parsed = parseEditForm(values);
  const problems = parsed.ok ? await fieldErrorsFrom(() => updateUserAdmin(svc(c), id, parsed.data)) : parsed.errors;
  if (problems) return renderEdit(c, id, values, problems, 422);
  return redirectWithNotice(c, `/admin/users/${encodeURIComponent(id)}`, 'admin.users.saved');
});

pages.post('/admin/users/:id/invitation', async (c) => {
  const id = c.req.param('id');
  await resendInvitation(svc(c), id, await mailCtx(c));
  return redirectWithNotice(c, `/admin/users/${encodeURIComponent(id)}`, 'admin.users.inviteResent');
});
