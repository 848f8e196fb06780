// Loads a policy pack by id (a bundled pack) or by path (a landlord's own .json file) and validates it,
// so that a bad pack stops the service at start with every bad field named.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import oneVisionHousing from './packs/one-vision-housing.json';
import sevenLocksHousing from './packs/seven-locks-housing.json';
import { policyPackSchema, type PolicyPack } from './pack.schema';

export const BUNDLED_PACKS: Readonly<Record<string, unknown>> = {
  'one-vision-housing': oneVisionHousing,
  'seven-locks-housing': sevenLocksHousing,
};

export class PolicyPackError extends Error {
  constructor(
    readonly pack: string,
    readonly problems: string[],
  ) {
    super(`Policy pack "${pack}" is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'PolicyPackError';
  }
}

function describe(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.join('.') || '(pack)'}: ${issue.message}`);
}

/** Validates already-parsed pack data. */
export function parsePolicyPack(data: unknown, name = 'pack'): PolicyPack {
  const result = policyPackSchema.safeParse(data);
  if (!result.success) throw new PolicyPackError(name, describe(result.error));
  return result.data;
}

/** `idOrPath`: a bundled pack id ("one-vision-housing") or a path to a landlord's own .json pack. */
export function loadPolicyPack(idOrPath: string): PolicyPack {
  const bundled = BUNDLED_PACKS[idOrPath];
  if (bundled !== undefined) return parsePolicyPack(bundled, idOrPath);
  if (!idOrPath.endsWith('.json')) {
    throw new PolicyPackError(idOrPath, [
      `no bundled pack with this id (bundled: ${Object.keys(BUNDLED_PACKS).join(', ')}); give a path to a .json file for your own pack`,
    ]);
  }
  const file = path.resolve(idOrPath);
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : `not readable JSON (${(error as Error).message})`;
    throw new PolicyPackError(idOrPath, [`(file): ${reason}`]);
  }
  return parsePolicyPack(data, idOrPath);
}
