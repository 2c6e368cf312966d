// The query page: editor, Thanos' options, Graph and Table tabs, time controls, results.

import { ApiError, flags, queryInstant, queryRange, type QueryData, type ThanosOptions } from './api';
import { append, clear, el } from './dom';
import { mountEditor, type PromQLEditor } from './editor';
import { drawGraph, type Chart } from './graph';
import { drawTable, evaluationNote } from './table';
import {
  defaultStepSeconds,
  formatDuration,
  formatTime,
  narrowerRange,
  parseDuration,
  parseTime,
  widerRange,
} from './time';
import { readPanel, SOURCE_RESOLUTIONS, writePanel, type PanelState, type Tab } from './url-state';

export async function mountQueryPage(root: HTMLElement): Promise<void> {
  const search = window.location.search;
  const partialDefault = new URLSearchParams(search).has('g0.partial_response')
    ? false
    : (await flags())['query.partial-response'] !== 'false';
  new QueryPage(root, readPanel(search, partialDefault));
}

type PanelStatus = 'idle' | 'loading' | 'done' | 'error';

class QueryPage {
  private readonly panel: HTMLElement;
  private readonly editor: PromQLEditor;
  private readonly dedup: HTMLInputElement;
  private readonly partialResponse: HTMLInputElement;
  private readonly sourceResolution: HTMLSelectElement;
  private readonly tabButtons: Record<Tab, HTMLButtonElement>;
  private readonly rangeInput: HTMLInputElement;
  private readonly endInput: HTMLInputElement;
  private readonly stepInput: HTMLInputElement;
  private readonly messages: HTMLElement;
  private readonly stats: HTMLElement;
  private readonly result: HTMLElement;
  private chart: Chart | null = null;
  private inFlight: AbortController | null = null;

  constructor(
    root: HTMLElement,
    private state: PanelState,
  ) {
    const editorHost = el('div', { class: 'editor', id: 'expr-editor' });
    const execute = el('button', { id: 'execute', class: 'primary', type: 'button' }, 'Execute');
    this.dedup = el('input', { type: 'checkbox', id: 'dedup', checked: state.dedup });
    this.partialResponse = el('input', { type: 'checkbox', id: 'partial-response', checked: state.partialResponse });
    this.sourceResolution = el(
      'select',
      { id: 'max-source-resolution' },
      el('option', { value: '' }, 'auto'),
      ...SOURCE_RESOLUTIONS.map((r) =>
        el('option', { value: r, selected: r === state.maxSourceResolution }, r === '0s' ? 'raw data only' : `${r} downsampled`),
      ),
    );
    this.tabButtons = {
      graph: el('button', { id: 'tab-graph', type: 'button', class: 'tab' }, 'Graph'),
      table: el('button', { id: 'tab-table', type: 'button', class: 'tab' }, 'Table'),
    };
    this.rangeInput = el('input', { id: 'range', class: 'short', value: formatDuration(state.range), title: 'Range' });
    this.endInput = el('input', {
      id: 'end',
      class: 'time',
      placeholder: 'now',
      value: state.end === null ? '' : formatTime(state.end),
      title: 'End time (UTC, YYYY-MM-DD HH:mm:ss); empty means now',
    });
    this.stepInput = el('input', {
      id: 'step',
      class: 'short',
      value: state.step === null ? '' : String(state.step),
      title: 'Resolution in seconds; empty means range/250',
    });
    this.messages = el('div', { id: 'messages' });
    this.stats = el('div', { id: 'stats', class: 'stats' });
    this.result = el('div', { id: 'result' });

    const button = (id: string, text: string, title: string, action: () => void): HTMLButtonElement => {
      const b = el('button', { id, type: 'button', title }, text);
      b.addEventListener('click', action);
      return b;
    };
    const graphControls = el(
      'span',
      { class: 'graph-only' },
      button('range-narrower', '−', 'Shorter range', () => this.shiftRange(narrowerRange)),
      this.rangeInput,
      button('range-wider', '+', 'Longer range', () => this.shiftRange(widerRange)),
    );
    const timeControls = el(
      'span',
      {},
      button('end-earlier', '«', 'Earlier by half the range', () => this.shiftEnd(-0.5)),
      this.endInput,
      button('end-later', '»', 'Later by half the range', () => this.shiftEnd(0.5)),
      button('end-now', 'now', 'Up to now', () => this.setEnd(null)),
    );
    const stepControls = el('span', { class: 'graph-only' }, el('label', { for: 'step' }, 'Res. (s)'), this.stepInput);

    this.panel = el(
      'section',
      { class: 'panel', id: 'query-panel', 'data-status': 'idle' },
      el('div', { class: 'expr-row' }, editorHost, execute),
      el(
        'div',
        { class: 'options' },
        el('label', {}, this.dedup, ' deduplication'),
        el('label', {}, this.partialResponse, ' partial response'),
        el('label', {}, 'max source resolution ', this.sourceResolution),
      ),
      el('div', { class: 'tabs' }, this.tabButtons.graph, this.tabButtons.table),
      el('div', { class: 'controls' }, graphControls, timeControls, stepControls),
      this.messages,
      this.stats,
      this.result,
    );
    append(root, this.panel);

    this.editor = mountEditor(editorHost, state.expr, () => this.execute());
    execute.addEventListener('click', () => this.execute());
    this.tabButtons.graph.addEventListener('click', () => this.selectTab('graph'));
    this.tabButtons.table.addEventListener('click', () => this.selectTab('table'));
    for (const box of [this.dedup, this.partialResponse, this.sourceResolution]) {
      box.addEventListener('change', () => this.execute());
    }
    for (const input of [this.rangeInput, this.endInput, this.stepInput]) {
      input.addEventListener('change', () => this.execute());
      input.addEventListener('keydown', (e) => {
        if (e.key === 'Enter') {
          this.execute();
        }
      });
    }
    this.showTab();
    if (state.expr.trim() !== '') {
      this.execute();
    } else {
      this.editor.focus();
    }
  }

  private selectTab(tab: Tab): void {
    this.state = { ...this.state, tab };
    this.showTab();
    this.execute();
  }

  private showTab(): void {
    for (const [tab, b] of Object.entries(this.tabButtons)) {
      b.classList.toggle('active', tab === this.state.tab);
    }
    this.panel.classList.toggle('table-tab', this.state.tab === 'table');
  }

  private shiftRange(next: (current: number) => number): void {
    const current = parseDuration(this.rangeInput.value) ?? this.state.range;
    this.rangeInput.value = formatDuration(next(current));
    this.execute();
  }

  private shiftEnd(fraction: number): void {
    const range = parseDuration(this.rangeInput.value) ?? this.state.range;
    const end = parseTime(this.endInput.value) ?? Date.now();
    this.setEnd(Math.round(end + fraction * range));
  }

  private setEnd(end: number | null): void {
    this.endInput.value = end === null ? '' : formatTime(end);
    this.execute();
  }

  /** Reads the controls into the state; marks and names the first bad one. */
  private readControls(): PanelState | string {
    const range = parseDuration(this.rangeInput.value);
    const endText = this.endInput.value.trim();
    const end = endText === '' ? null : parseTime(endText);
    const stepText = this.stepInput.value.trim();
    const step = stepText === '' ? null : Number(stepText);
    this.rangeInput.classList.toggle('invalid', range === null);
    this.endInput.classList.toggle('invalid', end === null && endText !== '');
    this.stepInput.classList.toggle('invalid', step !== null && !(step > 0));
    if (range === null) {
      return `Invalid range "${this.rangeInput.value}": use a duration such as 30m, 1h or 2d.`;
    }
    if (end === null && endText !== '') {
      return `Invalid end time "${endText}": use YYYY-MM-DD HH:mm:ss (UTC), RFC 3339 or Unix seconds.`;
    }
    if (step !== null && !(step > 0)) {
      return `Invalid resolution "${stepText}": use a positive number of seconds.`;
    }
    return {
      ...this.state,
      expr: this.editor.value(),
      range,
      end,
      step,
      dedup: this.dedup.checked,
      partialResponse: this.partialResponse.checked,
      maxSourceResolution: this.sourceResolution.value === '' ? null : this.sourceResolution.value,
    };
  }

  private async execute(): Promise<void> {
    const read = this.readControls();
    if (typeof read === 'string') {
      this.showOutcome('error', [], read);
      return;
    }
    this.state = read;
    window.history.replaceState(null, '', writePanel(read));
    this.inFlight?.abort();
    if (read.expr.trim() === '') {
      this.clearResult();
      this.setStatus('idle');
      return;
    }
    const controller = new AbortController();
    this.inFlight = controller;
    this.setStatus('loading');
    const options: ThanosOptions = {
      dedup: read.dedup,
      partialResponse: read.partialResponse,
      maxSourceResolution: read.maxSourceResolution,
    };
    const end = read.end ?? Date.now();
    const started = performance.now();
    try {
      if (read.tab === 'graph') {
        const step = read.step ?? defaultStepSeconds(read.range);
        // The grid starts on a step boundary below end-range, so the line doesn't shift between refreshes.
        const startSeconds = Math.floor((end - read.range) / 1000);
        const endSeconds = startSeconds + Math.floor((end / 1000 - startSeconds) / step) * step;
        const answer = await queryRange(read.expr, startSeconds * 1000, endSeconds * 1000, step, options, controller.signal);
        if (controller.signal.aborted) {
          return;
        }
        this.clearResult();
        const data = answer.data;
        if (data.resultType !== 'matrix') {
          throw new ApiError(`a range query answered with a ${data.resultType}, not a matrix`, 'unexpected');
        }
        this.chart = drawGraph(this.result, data.result, startSeconds, endSeconds, step);
        this.stats.textContent = this.statsText(started, data, `Resolution: ${step}s`);
        this.showOutcome('done', answer.warnings, null);
      } else {
        const answer = await queryInstant(read.expr, end, options, controller.signal);
        if (controller.signal.aborted) {
          return;
        }
        this.clearResult();
        drawTable(this.result, answer.data);
        this.stats.textContent = this.statsText(started, answer.data, evaluationNote(end));
        this.showOutcome('done', answer.warnings, null);
      }
    } catch (e) {
      if (controller.signal.aborted) {
        return;
      }
      this.clearResult();
      if (e instanceof ApiError) {
        this.showOutcome('error', e.warnings, `${e.errorType}: ${e.message}`);
      } else {
        this.showOutcome('error', [], `Error: ${String(e)}`);
      }
    }
  }

  private statsText(started: number, data: QueryData, extra: string): string {
    const series = data.resultType === 'vector' || data.resultType === 'matrix' ? data.result.length : 1;
    return `Load time: ${Math.round(performance.now() - started)}ms · ${extra} · Result series: ${series}`;
  }

  private clearResult(): void {
    this.chart?.destroy();
    this.chart = null;
    clear(this.result);
    this.stats.textContent = '';
  }

  private setStatus(status: PanelStatus): void {
    this.panel.dataset.status = status;
  }

  private showOutcome(status: PanelStatus, warnings: string[], error: string | null): void {
    clear(this.messages);
    for (const w of warnings) {
      this.messages.appendChild(el('div', { class: 'alert warning' }, `Warning: ${w}`));
    }
    if (error !== null) {
      this.messages.appendChild(el('div', { class: 'alert error', id: 'query-error' }, error));
    }
    this.setStatus(status);
  }
}
