/** @jsxImportSource hono/jsx */
/**
 * The administrators' figures about residents' accounts (/admin/accounts): counts only — no address, name or id of
 * a resident appears on the page.
 */
import { formatNumber, type Locale, type Translate } from '../../../platform/i18n';
import { Table } from '../../../platform/ui/components';
import type { AccountFigures } from '../accounts.service';

interface Row {
  label: string;
  value: number;
}

export function AdminFiguresPage(p: { t: Translate; locale: Locale; figures: AccountFigures; activeDays: number }) {
  const { t, locale, figures: f } = p;
  const n = (x: number) => formatNumber(locale, x);
  const accounts: Row[] = [
    { label: t('accounts.admin.row.accounts'), value: f.accounts },
    { label: t('accounts.admin.row.active', { days: p.activeDays }), value: f.active },
    { label: t('accounts.admin.row.anyNotify'), value: f.anyNotify },
  ];
  const notify: Row[] = (['concerns', 'proposals', 'areas'] as const).map((k) => ({ label: t(`accounts.admin.notify.${k}`), value: f.notify[k] }));
  return (
    <section class="q-stack">
      <h1 class="kern-heading-large">{t('accounts.admin.heading')}</h1>
      <p class="kern-body">{t('accounts.admin.intro')}</p>
      <Table<Row>
        caption={t('accounts.admin.accountsCaption')}
        rows={accounts}
        empty=""
        columns={[
          { header: t('accounts.admin.col.figure'), cell: (r) => r.label },
          { header: t('accounts.admin.col.number'), cell: (r) => n(r.value), numeric: true },
        ]}
      />
      <Table<AccountFigures['follows'][number]>
        caption={t('accounts.admin.followsCaption')}
        rows={f.follows}
        empty=""
        columns={[
          { header: t('accounts.admin.col.type'), cell: (r) => t(`accounts.admin.type.${r.type}`) },
          { header: t('accounts.admin.col.follows'), cell: (r) => n(r.follows), numeric: true },
          { header: t('accounts.admin.col.followers'), cell: (r) => n(r.accounts), numeric: true },
        ]}
      />
      <Table<Row>
        caption={t('accounts.admin.notifyCaption')}
        rows={notify}
        empty=""
        columns={[
          { header: t('accounts.admin.col.kind'), cell: (r) => r.label },
          { header: t('accounts.admin.col.switchedOn'), cell: (r) => n(r.value), numeric: true },
        ]}
      />
    </section>
  );
}
