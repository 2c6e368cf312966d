// The Stores page: every StoreAPI endpoint the querier knows, grouped by component type, with its health,
// external label sets and time range, from Thanos' /api/v1/stores.

import { ApiError, stores, type StoreStatus, type StoresByType } from './api';
import { append, clear, el } from './dom';
import { formatAgo, formatBound } from './time';

export function mountStoresPage(root: HTMLElement): void {
  const content = el('div', { id: 'stores' });
  const refresh = el('button', { id: 'stores-refresh', type: 'button' }, 'Refresh');
  const section = el(
    'section',
    { class: 'panel', id: 'stores-panel', 'data-status': 'loading' },
    el('div', { class: 'title-row' }, el('h1', {}, 'Stores'), refresh),
    content,
  );
  append(root, section);
  const load = async (): Promise<void> => {
    section.dataset.status = 'loading';
    try {
      const answer = await stores();
      clear(content);
      for (const w of answer.warnings) {
        content.appendChild(el('div', { class: 'alert warning' }, `Warning: ${w}`));
      }
      renderStores(content, answer.data ?? {}, Date.now());
      section.dataset.status = 'done';
    } catch (e) {
      clear(content);
      const message = e instanceof ApiError ? `${e.errorType}: ${e.message}` : String(e);
      content.appendChild(el('div', { class: 'alert error' }, `Cannot list the stores: ${message}`));
      section.dataset.status = 'error';
    }
  };
  refresh.addEventListener('click', () => void load());
  void load();
}

function renderStores(content: HTMLElement, byType: StoresByType, now: number): void {
  const types = Object.keys(byType).sort();
  if (types.every((t) => byType[t].length === 0)) {
    content.appendChild(el('div', { class: 'notice', id: 'stores-empty' }, 'No endpoints are known to this querier.'));
    return;
  }
  for (const type of types) {
    const endpoints = [...byType[type]].sort((a, b) => a.name.localeCompare(b.name));
    content.appendChild(
      el(
        'div',
        { class: 'store-group', 'data-type': type },
        el('h2', {}, `${type} (${endpoints.length})`),
        el(
          'table',
          { class: 'results stores-table' },
          el(
            'thead',
            {},
            el(
              'tr',
              {},
              ...['Endpoint', 'Status', 'Announced label sets', 'Min time (UTC)', 'Max time (UTC)', 'Last check', 'Last error'].map(
                (h) => el('th', {}, h),
              ),
            ),
          ),
          el('tbody', {}, ...endpoints.map((s) => storeRow(s, now))),
        ),
      ),
    );
  }
}

function storeRow(store: StoreStatus, now: number): HTMLTableRowElement {
  const up = store.lastError === null || store.lastError === '';
  const lastCheck = Date.parse(store.lastCheck);
  const labelSets = store.labelSets ?? [];
  return el(
    'tr',
    { class: 'store-row', 'data-endpoint': store.name },
    el('td', { class: 'endpoint' }, store.name),
    el('td', {}, el('span', { class: `health ${up ? 'up' : 'down'}` }, up ? 'UP' : 'DOWN')),
    el(
      'td',
      { class: 'label-sets' },
      labelSets.length === 0
        ? el('span', { class: 'muted' }, 'none')
        : el(
            'div',
            {},
            ...labelSets.map((set) =>
              el(
                'div',
                { class: 'label-set' },
                ...Object.entries(set).map(([k, v]) => el('span', { class: 'label' }, `${k}="${v}"`)),
              ),
            ),
          ),
    ),
    el('td', { class: 'min-time' }, formatBound(store.minTime)),
    el('td', { class: 'max-time' }, formatBound(store.maxTime)),
    el(
      'td',
      { title: store.lastCheck },
      Number.isNaN(lastCheck) || lastCheck <= 0 ? 'never' : formatAgo(lastCheck, now),
    ),
    el('td', { class: 'last-error' }, up ? '' : String(store.lastError)),
  );
}
