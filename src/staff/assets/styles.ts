// The console's stylesheet, compiled from assets/staff.scss with sass when the service starts and the
// compiled copy is missing or older than its sources, into a git-ignored folder (STAFF_ASSETS_DIR). A fresh
// clone needs no build step; a production image can run `npm run build:staff-css` ahead of time.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { staffFile } from '../files';

const SOURCE = staffFile('assets', 'staff.scss');

/** The versions and source that decide the output: a change to any of them compiles again. */
function fingerprint(): string {
  const versions = ['govuk-frontend', '@ministryofjustice/frontend', 'sass'].map(
    (p) => (JSON.parse(readFileSync(path.join(packageRoot(p), 'package.json'), 'utf8')) as { version: string }).version,
  );
  return createHash('sha256').update(readFileSync(SOURCE)).update(versions.join(',')).digest('hex').slice(0, 12);
}

export interface CompiledStyles {
  /** The file name served at /staff/assets/<file> (content-hashed, so it can be cached for ever). */
  file: string;
  path: string;
}

/** Compiles when needed; a compile writes to a temporary name and renames, so parallel starts never see half a file. */
export async function ensureStaffStyles(outDir: string): Promise<CompiledStyles> {
  const file = `staff-${fingerprint()}.css`;
  const target = path.join(outDir, file);
  if (!existsSync(target)) {
    const sass = await import('sass');
    const result = await sass.compileAsync(SOURCE, {
      importers: [new sass.NodePackageImporter()],
      // MoJ Frontend's own files import GOV.UK Frontend as node_modules/govuk-frontend/…
      loadPaths: [path.dirname(path.dirname(packageRoot('govuk-frontend')))],
      style: 'compressed', quietDeps: true, silenceDeprecations: ['import'] });
    mkdirSync(outDir, { recursive: true });
    const temporary = `${target}.${process.pid}.${Date.now()}.tmp`;
    writeFileSync(temporary, result.css);
    renameSync(temporary, target);
  }
  return { file, path: target };
}

export function brandCss(brand: { primary: string; primaryText: string; accent: string }): string {
  return `:root{--sr-brand:${brand.primary};--sr-brand-text:${brand.primaryText};--sr-accent:${brand.accent}}\n`;
}

/** node_modules/<name>, found from here whether running from src/ or dist/. */
function packageRoot(name: string): string {
  for (const base of require.resolve.paths(name) ?? []) {
    if (existsSync(path.join(base, name, 'package.json'))) return path.join(base, name);
  }
  throw new Error(`package ${name} is not installed`);
}
