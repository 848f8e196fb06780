// The console's files that the TypeScript build does not copy (views, styles, the live-update module): read
// from src/staff whether we run from src/ (tsx) or from dist/src/staff (compiled; the image keeps src/staff's
// views and assets beside dist, see the Dockerfile).
import { existsSync } from 'node:fs';
import path from 'node:path';

export function staffFile(...parts: string[]): string {
  const here = path.join(__dirname, ...parts);
  return existsSync(here) ? here : path.resolve(__dirname, '..', '..', '..', 'src', 'staff', ...parts);
}
