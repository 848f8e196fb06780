// The report's charts: a Vega-Lite specification for each (bars, the figure's own unit on the axis) drawn as SVG
// by the worker in chart-worker.mjs, then given a title that screen readers announce. Each chart stands for a
// table printed right after it, which holds the same numbers.
import { Worker } from 'node:worker_threads';
import { staffFile } from '../files';

export interface ChartBar {
  label: string;
  value: number;
  /** Drawn in the strong colour (the period reported on). */
  highlight?: boolean;
}

export interface ChartRenderer {
  /** SVG markup of a horizontal bar chart, titled `title` (bars without a value are left out). */
  bars(title: string, axisTitle: string, bars: ChartBar[]): Promise<string>;
  close(): Promise<void>;
}

const BLUE = '#1d70b8';
const GREY = '#b1b4b6';
let chartCount = 0;

const escapeXml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function createChartRenderer(): ChartRenderer {
  let worker: Worker | undefined;
  let next = 0;
  const waiting = new Map<number, { resolve: (svg: string) => void; reject: (error: Error) => void }>();

  function started(): Worker {
    if (worker) return worker;
    const w = new Worker(staffFile('reports', 'chart-worker.mjs'));
    w.on('message', (m: { id: number; svg?: string; error?: string }) => {
      const job = waiting.get(m.id);
      waiting.delete(m.id);
      if (m.svg !== undefined) job?.resolve(m.svg);
      else job?.reject(new Error(m.error ?? 'chart not drawn'));
    });
    w.on('error', (error) => {
      for (const job of waiting.values()) job.reject(error);
      waiting.clear();
      worker = undefined;
    });
    // An idle worker does not keep the process alive.
    w.unref();
    worker = w;
    return w;
  }

  function draw(spec: Record<string, unknown>): Promise<string> {
    const id = (next += 1);
    return new Promise((resolve, reject) => {
      waiting.set(id, { resolve, reject });
      started().postMessage({ id, spec });
    });
  }

  return {
    async bars(title, axisTitle, bars) {
      const values = bars.map((b, i) => ({ label: b.label, value: b.value, order: i, colour: b.highlight ? BLUE : GREY }));
      const svg = await draw({
        width: 420,
        height: { step: 28 },
        background: 'white',
        config: { aria: false, view: { stroke: null }, font: 'Arial, sans-serif', axis: { labelFontSize: 14, titleFontSize: 14, labelLimit: 320 } },
        data: { values },
        mark: { type: 'bar', aria: false },
        encoding: {
          y: { field: 'label', type: 'nominal', title: null, sort: { field: 'order' } },
          x: { field: 'value', type: 'quantitative', title: axisTitle },
          color: { field: 'colour', type: 'nominal', scale: null, legend: null },
        },
      });
      const titleId = `chart-${(chartCount += 1)}`;
      // One image with a name: the table after it gives every number.
      return svg.replace(/^<svg /, `<svg role="img" aria-labelledby="${titleId}" focusable="false" `).replace(/^(<svg[^>]*>)/, `$1<title id="${titleId}">${escapeXml(title)}</title>`);
    },
    async close() {
      await worker?.terminate();
      worker = undefined;
    },
  };
}
