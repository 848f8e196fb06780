// The console's navigation as data: an item shows only to those whose role holds its permission. Work that
// builds on the console adds its page here (hand-off: 'conversations.takeOver'; reports: 'reports.view').
import type { Access, Permission, StaffPrincipal } from '../access/permissions';

export interface NavigationItem {
  href: string;
  /** staff:nav.<key> */
  key: string;
  permission: Permission;
}

export type NavigationCounts = Partial<Record<string, number>>;

export const NAVIGATION: NavigationItem[] = [
  { href: '/staff/queue', key: 'queue', permission: 'cases.list' },
  { href: '/staff/conversations', key: 'conversations', permission: 'conversations.takeOver' },
  { href: '/staff/find', key: 'find', permission: 'cases.view' },
  { href: '/staff/updates-due', key: 'updatesDue', permission: 'cases.overdueUpdates' },
  { href: '/staff/reports', key: 'reports', permission: 'reports.view' },
  { href: '/staff/accounts', key: 'accounts', permission: 'accounts.manage' },
  { href: '/staff/audit', key: 'audit', permission: 'audit.read' },
];

export function navigationFor(user: StaffPrincipal, access: Access, currentPath: string, t: (key: string) => string) {
  return NAVIGATION.filter((item) => access.can(user, item.permission)).map((item) => ({
    href: item.href,
    text: t(`nav.${item.key}`),
    current: `/staff${currentPath}`.startsWith(item.href) || currentPath.startsWith(item.href),
  }));
}
