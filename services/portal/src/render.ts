import { join } from 'node:path';
import { Eta } from 'eta';
import type { Request, Response } from 'express';
import { pageContext } from './page-context';

export type Render = (req: Request, res: Response, view: string, data: Record<string, unknown>, status?: number) => void;

/**
 * Templates under src/views, escaped by default (`<%= %>`); a template that means raw HTML says
 * `<%~ %>`, and only the layout does, for the page it wraps.
 */
export const createRenderer = (): Render => {
  const eta = new Eta({ views: join(__dirname, 'views'), cache: true, autoEscape: true });
  return (req, res, view, data, status = 200) => {
    const html = eta.render(view, { ...pageContext(req, res), ...data });
    res
      .status(status)
      .type('html')
      .set({ 'Cache-Control': 'no-store', Vary: 'Cookie, Accept-Language' })
      .send(html);
  };
};
