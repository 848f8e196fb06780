// Who may do what, as data: permission names, the roles a deployment defines (default-roles.json, or
// STAFF_ROLES_FILE) and the one function that says whether a member of staff may see a case. Deny by default:
// a permission nobody lists is held by nobody, and a role without `cases` sees no case at all.
import { readFileSync } from 'node:fs';
import defaultRoles from './default-roles.json';
import { z } from 'zod';
import { categoryKind, type CategoryKind } from '../../policy/pack.schema';

/**
 * Every permission the console checks. `conversations.takeOver` and `reporters.sendUpdate` are for the work that
 * builds on the console (live hand-off, keeping reporters informed); `reports.view` opens the performance report
 * and `cases.export` its CSV downloads; `conversations.escalations` is told, on every page, of urgent requests for a
 * person that nobody took in time (team leaders); `cases.overdueUpdates` lists the team's open cases whose agreed
 * update to the reporter is overdue (team leaders).
 */
export const PERMISSIONS = [
  'cases.list',
  'cases.view',
  'cases.viewIdentity',
  'cases.viewTranscript',
  'cases.note',
  'cases.assign',
  'cases.changeStatus',
  'cases.retriage',
  'cases.export',
  'audit.read',
  'accounts.manage',
  'conversations.takeOver',
  'conversations.escalations',
  'reporters.sendUpdate',
  'reports.view',
  'cases.overdueUpdates',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const roleSchema = z.object({
  name: z.string().min(1),
  permissions: z.array(z.enum(PERMISSIONS)),
  /** Which cases the role sees; absent: none (an administrator without a case role). */
  cases: z
    .object({
      ownTeam: z.boolean(),
      alsoCategoryKinds: z.array(categoryKind).default([]),
      alsoHighRisk: z.boolean().default(false),
      /** Identity on confidential cases (kept to the team that needs it). */
      confidentialIdentity: z.boolean(),
    })
    .optional(),
  source: z.string().min(3),
});
export const rolesFileSchema = z.object({ $comment: z.string().optional(), roles: z.record(z.string().regex(/^[a-zA-Z][a-zA-Z0-9_-]*$/), roleSchema) });
export type RoleDefinition = z.infer<typeof roleSchema>;
export type Roles = Record<string, RoleDefinition>;

export function loadRoles(file?: string): Roles {
  const target = file ?? 'src/staff/access/default-roles.json';
  const parsed = rolesFileSchema.safeParse(file ? JSON.parse(readFileSync(file, 'utf8')) : defaultRoles);
  if (!parsed.success) {
    throw new Error(`staff roles in ${target} are not valid:\n${parsed.error.issues.map((i) => `  - ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  }
  return parsed.data.roles;
}

/** The member of staff a request acts for. */
export interface StaffPrincipal {
  id: string;
  displayName: string;
  teamId: string;
  roles: string[];
}

/** What the permission checks need to know about a case (no sealed field). */
export interface CaseScopeFacts {
  teamId: string;
  kind: CategoryKind;
  highRisk: boolean;
  identityAccess: 'all_staff' | 'owning_team' | 'none';
}

export interface Access {
  can(user: StaffPrincipal, permission: Permission): boolean;
  /** May this person open this case at all? */
  canSeeCase(user: StaffPrincipal, facts: CaseScopeFacts): boolean;
  /** Identity fields (names, addresses, contact details) of a case this person may see. */
  canSeeIdentity(user: StaffPrincipal, facts: CaseScopeFacts): boolean;
  /** Holds at least one role with a case scope. */
  hasCaseRole(user: StaffPrincipal): boolean;
  roleIds(): string[];
  roleName(id: string): string;
}

export function createAccess(roles: Roles): Access {
  const of = (user: StaffPrincipal) => user.roles.map((r) => roles[r]).filter((r): r is RoleDefinition => r !== undefined);
  const seesCase = (role: RoleDefinition, user: StaffPrincipal, facts: CaseScopeFacts) => {
    const scope = role.cases;
    if (!scope) return false;
    return (scope.ownTeam && facts.teamId === user.teamId) || scope.alsoCategoryKinds.includes(facts.kind) || (scope.alsoHighRisk && facts.highRisk);
  };
  const can = (user: StaffPrincipal, permission: Permission) => of(user).some((r) => r.permissions.includes(permission));
  return {
    can,
    canSeeCase: (user, facts) => can(user, 'cases.view') && of(user).some((r) => r.permissions.includes('cases.view') && seesCase(r, user, facts)),
    canSeeIdentity: (user, facts) => {
      if (facts.identityAccess === 'none') return false;
      return of(user).some(
        (r) => r.permissions.includes('cases.viewIdentity') && seesCase(r, user, facts) && (facts.identityAccess === 'all_staff' || r.cases?.confidentialIdentity === true),
      );
    },
    hasCaseRole: (user) => of(user).some((r) => r.cases !== undefined),
    roleIds: () => Object.keys(roles),
    roleName: (id) => roles[id]?.name ?? id,
  };
}
