// Draws the report's charts: Vega-Lite specifications in, SVG text out, in a worker thread. Vega is published
// only as ES modules with a top-level await, which the CommonJS service (and jest) cannot load in-process; a
// worker loads it natively and keeps the drawing off the request thread.
import { parentPort } from 'node:worker_threads';
import { parse, View } from 'vega';
import { compile } from 'vega-lite';

parentPort.on('message', async ({ id, spec }) => {
  try {
    const view = new View(parse(compile(spec).spec), { renderer: 'none' });
    const svg = await view.toSVG();
    view.finalize();
    parentPort.postMessage({ id, svg });
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
