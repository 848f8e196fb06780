import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import policyLocale from '../../locales/en/policy.json';
import { BUNDLED_PACKS, loadPolicyPack, PolicyPackError } from '../../src/policy/load';
import { packWordingKeys, toDialogPolicy } from '../../src/policy/dialog-policy';

function lookup(key: string): unknown {
  const [ns, rest] = key.split(':') as [string, string];
  expect(ns).toBe('policy');
  return rest.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], policyLocale);
}

describe.each(Object.keys(BUNDLED_PACKS))('bundled pack %s', (id) => {
  const pack = loadPolicyPack(id);

  it('loads, validates and cites a policy section (or a stated default) for every rule', () => {
    expect(pack.id).toBe(id);
    for (const rule of pack.routing.rules) expect(rule.source.length).toBeGreaterThan(3);
    for (const standard of Object.values(pack.serviceStandards.firstResponse)) expect(standard.source).toMatch(/\S/);
    expect(pack.quickExitUrl).toMatch(/^https:\/\//);
  });

  it('has every word it refers to in locales/en/policy.json, short enough for SMS', () => {
    for (const key of packWordingKeys(pack)) {
      const text = lookup(key);
      expect({ key, type: typeof text }).toEqual({ key, type: 'string' });
      expect((text as string).length).toBeLessThanOrEqual(306);
      expect(text as string).not.toMatch(/[\u2018\u2019\u201c\u201d]/);
    }
  });

  it('lists the helplines a frightened person may need', () => {
    const numbers = Object.fromEntries(pack.helplines.map((h) => [h.id, h.number]));
    expect(numbers).toMatchObject({
      emergency999: '999',
      police101: '101',
      silentSolution: '999 then 55',
      nationalDomesticAbuseHelpline: '0808 2000 247',
      crimestoppers: '0800 555 111',
    });
    expect(Object.keys(numbers)).toEqual(expect.arrayContaining(['stopHateUk', 'victimSupport']));
  });

  it('gives the dialogs categories, tenures and scope without the rest of the pack', () => {
    const policy = toDialogPolicy(pack);
    expect(policy.landlordId).toBe(id);
    expect(policy.categories.map((c) => c.id)).toEqual(['asb', 'hateCrime', 'harassment', 'domesticAbuse']);
    expect(policy.domesticAbuseForms.map((f) => f.id)).toEqual(
      expect.arrayContaining(['physical', 'psychological', 'sexual', 'financial', 'emotional', 'controllingOrCoercive', 'honourBased', 'fgm', 'forcedMarriage']),
    );
    expect(policy.acceptOutOfScopeWhenPerpetratorIsTenant).toBe(true);
    expect(JSON.stringify(policy)).not.toContain('routing');
  });
});

describe('policy pack content', () => {
  it('One Vision Housing: owner-occupiers, private tenants, market rent and shared ownership are out of scope (OVH 1.5.1)', () => {
    const pack = loadPolicyPack('one-vision-housing');
    const outOfScope = pack.tenures.filter((t) => !t.inScope).map((t) => t.id);
    expect(outOfScope).toEqual(expect.arrayContaining(['ownerOccupier', 'privateTenant', 'marketRent', 'sharedOwnership']));
    expect(toDialogPolicy(pack).categoryResponses.map((r) => r.key)).toEqual(
      expect.arrayContaining(['policy:response.socialMedia', 'policy:response.noise', 'policy:response.drugs', 'policy:response.otherCrime']),
    );
    expect(pack.categories[0]?.subcategories.map((s) => s.id)).toContain('pets');
  });

  it('Seven Locks Housing: lists the harassment grounds of its policy and says where it is silent on time scales', () => {
    const pack = loadPolicyPack('seven-locks-housing');
    expect(pack.hateMotivations.map((m) => m.id)).toEqual(
      expect.arrayContaining(['race', 'nationality', 'age', 'ethnicOrNationalOrigin', 'gender', 'religionOrBelief', 'sexuality', 'disability', 'health', 'classOrEconomicStatus']),
    );
    for (const standard of Object.values(pack.serviceStandards.firstResponse)) expect(standard.source).toMatch(/sets? no|silent/i);
  });
});

describe("a landlord's own pack", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pack-'));

  it('loads from a .json path with no code change', () => {
    const own = { ...(BUNDLED_PACKS['seven-locks-housing'] as object), id: 'riverside-homes' };
    const file = path.join(dir, 'riverside.json');
    writeFileSync(file, JSON.stringify(own));
    expect(loadPolicyPack(file).id).toBe('riverside-homes');
  });

  it('is refused with every bad field named', () => {
    const bad = structuredClone(BUNDLED_PACKS['one-vision-housing']) as Record<string, unknown> & { teams: Record<string, unknown>[] };
    delete bad.teams[0]!['id'];
    bad['quickExitUrl'] = 'not a url';
    const file = path.join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify(bad));
    let error: unknown;
    try {
      loadPolicyPack(file);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PolicyPackError);
    const message = (error as Error).message;
    expect(message).toMatch(/teams\.0\.id: /);
    expect(message).toMatch(/quickExitUrl: /);
  });

  it('names a routing rule that points at a team the pack does not have', () => {
    const bad = structuredClone(BUNDLED_PACKS['one-vision-housing']) as { routing: { defaultTeamId: string } };
    bad.routing.defaultTeamId = 'nobody';
    const file = path.join(dir, 'bad-team.json');
    writeFileSync(file, JSON.stringify(bad));
    expect(() => loadPolicyPack(file)).toThrow(/routing\.defaultTeamId: unknown team "nobody"/);
  });

  it('explains an unknown id or a missing file', () => {
    expect(() => loadPolicyPack('no-such-landlord')).toThrow(/no bundled pack/);
    expect(() => loadPolicyPack(path.join(dir, 'missing.json'))).toThrow(/file not found/);
  });
});
