// Draws the report's charts: Vega-Lite specifications in, SVG text out, in a worker thread. Vega is published
// only as ES modules with a top-level await, which the CommonJS service (and jest) cannot load in-process; a
// worker loads it natively and keeps the drawing off the request thread. Compiling and parsing a specification
// costs far more than drawing it, so each shape of chart (the specification without its data) is compiled once
// and kept as a view; a chart then only swaps the view's data. One chart at a time: views are shared.
import { parentPort } from 'node:worker_threads';
import { parse, View } from 'vega';
import { compile } from 'vega-lite';

const views = new Map();
const MAX_VIEWS = 32;
let queue = Promise.resolve();

function viewFor(spec) {
  const key = JSON.stringify({ ...spec, data: undefined });
  let view = views.get(key);
  if (!view) {
    if (views.size >= MAX_VIEWS) views.clear();
    view = new View(parse(compile({ ...spec, data: { name: 'table' } }).spec), { renderer: 'none' });
    views.set(key, view);
  }
  return view;
}

async function draw(spec) {
  const view = viewFor(spec);
  view.data('table', spec.data.values);
  await view.runAsync();
  return view.toSVG();
}

parentPort.on('message', ({ id, spec }) => {
  queue = queue.then(async () => {
    try {
      parentPort.postMessage({ id, svg: await draw(spec) });
    } catch (error) {
      parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
    }
  });
});
