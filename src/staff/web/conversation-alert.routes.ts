// GET /staff/conversations/alert: what the console's every page shows about people waiting for a person
// (assets/alert.mjs asks every few seconds): the count, words to announce when it grows, and the banner for
// urgent requests nobody took in time. Registered before /conversations/:id.
import type { StaffPrincipal } from '../access/permissions';
import type { StaffPagesContext } from '../console';
import type { WaitingAlert } from '../conversations/alert';

export function registerConversationAlert(context: StaffPagesContext, alertFor: (user: StaffPrincipal) => Promise<WaitingAlert>): void {
  const { routes, render } = context;
  routes.get('/conversations/alert', { permission: 'conversations.takeOver' }, async (req, res) => {
    const alert = await alertFor(req.staff!);
    const first = alert.escalated[0];
    res.set('Cache-Control', 'no-store').json({
      waiting: alert.waiting,
      // The tab title's prefix, and the words a screen reader hears when more people are waiting than before.
      titlePrefix: alert.waiting > 0 ? render.t('conversation.alert.titlePrefix', { count: alert.waiting }) : '',
      arrived: render.t(alert.urgent > 0 ? 'conversation.alert.arrivedUrgent' : 'conversation.alert.arrived', { count: alert.waiting }),
      escalated: alert.escalated.map((e) => e.id),
      banner: first ? render.fragment('conversations/alert.njk', { alert, first }) : '',
      notify: first ? render.t('conversation.alert.escalated', { count: alert.escalated.length, minutes: first.waitedMinutes }) : '',
    });
  });
}
