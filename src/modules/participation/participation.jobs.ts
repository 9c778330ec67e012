/** Background jobs of the participation module: the daily purge of unconfirmed entries and spent links. */
import { registerJobHandler, registerSchedule } from '../../platform/jobs';
import { purgeUnconfirmed } from './participation.service';

let registered = false;

export function registerParticipationJobs(): void {
  if (registered) return;
  registered = true;
  registerJobHandler('participation.purge', async ({ db }) => {
    await purgeUnconfirmed(db);
  });
  registerSchedule('participation.purge', { dailyAt: '04:10' });
}
