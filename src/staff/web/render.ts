// Server-rendered pages: one Nunjucks environment over our views and the GOV.UK / MoJ component macros,
// with `t` for the words in locales/en/staff.json. Every page gets the landlord's name, the navigation
// the signed-in person may use and the form token.
import path from 'node:path';
import type { Request, Response } from 'express';
import nunjucks from 'nunjucks';
import type { TFunction } from 'i18next';
import type { Access } from '../access/permissions';
import { staffFile } from '../files';
import { navigationFor } from './navigation';

export interface PageContext {
  pageTitle: string;
  [key: string]: unknown;
}

export interface Renderer {
  page(req: Request, res: Response, view: string, context: PageContext, status?: number): void;
  /** A fragment (no layout), e.g. the queue's rows for live updates. */
  fragment(view: string, context: Record<string, unknown>): string;
  /** The one clear page for anything that stops a request. */
  message(req: Request, res: Response, status: number, key: string, params?: Record<string, string>, link?: { href: string; text: string }): void;
  t: (key: string, params?: Record<string, unknown>) => string;
  /** The whole document title for a page title, as the layout writes it. */
  title(pageTitle: string): string;
}

function packageDir(name: string): string {
  return path.dirname(require.resolve(`${name}/package.json`));
}

export function createRenderer(deps: { t: TFunction; brandName: string; access: Access; assets: { css: string; brand: string }; csrfToken: (req: Request) => string }): Renderer {
  const t = (key: string, params: Record<string, unknown> = {}) => deps.t(key.includes(':') ? key : `staff:${key}`, params) as string;
  const env = new nunjucks.Environment(
    new nunjucks.FileSystemLoader([staffFile('views'), path.join(packageDir('govuk-frontend'), 'dist'), packageDir('@ministryofjustice/frontend')], { noCache: false }),
    { autoescape: true, throwOnUndefined: false },
  );
  env.addGlobal('t', t);
  env.addFilter('isoDate', (d: Date | undefined) => (d ? new Date(d).toISOString() : ''));

  const base = (req: Request) => ({
    brand: { name: deps.brandName },
    assets: deps.assets,
    user: req.staff,
    csrfToken: deps.csrfToken(req),
    navigation: req.staff ? navigationFor(req.staff, deps.access, req.path, t) : [],
    // People waiting for a person, on every page of those who may take them (assets/alert.mjs).
    handoffAlert: req.staff !== undefined && deps.access.can(req.staff, 'conversations.takeOver'),
  });

  const renderer: Renderer = {
    t,
    title: (pageTitle) => `${pageTitle} – ${t('service.name')} – ${deps.brandName}`,
    page(req, res, view, context, status = 200) {
      const html = env.render(view, { ...base(req), ...context });
      res.status(status).type('html').set('Cache-Control', 'no-store').send(html);
    },
    fragment: (view, context) => env.render(view, { t, ...context }),
    message(req, res, status, key, params = {}, link) {
      const lines = [t(`message.${key}.body`, params)];
      renderer.page(req, res, 'message.njk', { pageTitle: t(`message.${key}.heading`, params), heading: t(`message.${key}.heading`, params), lines, link }, status);
    },
  };
  return renderer;
}
