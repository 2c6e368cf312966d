// The querier's HTTP API as the UI uses it: Prometheus' envelope plus Thanos' /api/v1/stores.

export type Metric = Record<string, string>;
/** [unix seconds, value as Prometheus writes it: "1.5", "NaN", "+Inf"]. */
export type SamplePair = [number, string];

export interface NativeHistogram {
  count: string;
  sum: string;
  buckets?: Array<[number, string, string, string]>;
}
export type HistogramPair = [number, NativeHistogram];

export interface InstantSeries {
  metric: Metric;
  value?: SamplePair;
  histogram?: HistogramPair;
}

export interface RangeSeries {
  metric: Metric;
  values?: SamplePair[];
  histograms?: HistogramPair[];
}

export type QueryData =
  | { resultType: 'vector'; result: InstantSeries[] }
  | { resultType: 'matrix'; result: RangeSeries[] }
  | { resultType: 'scalar'; result: SamplePair }
  | { resultType: 'string'; result: [number, string] };

export interface ApiAnswer<T> {
  data: T;
  warnings: string[];
}

/** An error answer of the API (or a transport failure), shown to the user as it is. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly errorType: string,
    readonly warnings: string[] = [],
  ) {
    super(message);
  }
}

/** One endpoint as Thanos' /api/v1/stores lists it. */
export interface StoreStatus {
  name: string;
  lastCheck: string;
  lastError: string | null;
  labelSets: Metric[] | null;
  minTime: number;
  maxTime: number;
}

export type StoresByType = Record<string, StoreStatus[]>;

/** Query options that Thanos adds to Prometheus' parameters. */
export interface ThanosOptions {
  dedup: boolean;
  partialResponse: boolean;
  maxSourceResolution: string | null;
}

interface Envelope<T> {
  status?: string;
  data?: T;
  errorType?: string;
  error?: string;
  warnings?: string[];
}

async function call<T>(path: string, params: URLSearchParams | null, signal?: AbortSignal): Promise<ApiAnswer<T>> {
  let response: Response;
  // GET with the parameters in the URL, as the Prometheus and Thanos UIs send them.
  const url = params === null ? path : `${path}?${params.toString()}`;
  try {
    response = await fetch(url, { signal, cache: 'no-store', headers: { Accept: 'application/json' } });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') {
      throw e;
    }
    throw new ApiError(`cannot reach the querier: ${String(e)}`, 'network');
  }
  const text = await response.text();
  let body: Envelope<T>;
  try {
    body = JSON.parse(text) as Envelope<T>;
  } catch {
    const excerpt = text.length > 200 ? `${text.slice(0, 200)}…` : text;
    throw new ApiError(`HTTP ${response.status} from ${path}: ${excerpt || 'empty body'}`, 'http');
  }
  const warnings = body.warnings ?? [];
  if (body.status !== 'success') {
    throw new ApiError(body.error ?? `HTTP ${response.status} from ${path}`, body.errorType ?? 'http', warnings);
  }
  return { data: body.data as T, warnings };
}

function thanosParams(params: URLSearchParams, options: ThanosOptions): URLSearchParams {
  params.set('dedup', String(options.dedup));
  params.set('partial_response', String(options.partialResponse));
  if (options.maxSourceResolution !== null) {
    params.set('max_source_resolution', options.maxSourceResolution);
  }
  return params;
}

export function queryRange(
  expr: string,
  startMillis: number,
  endMillis: number,
  stepSeconds: number,
  options: ThanosOptions,
  signal?: AbortSignal,
): Promise<ApiAnswer<QueryData>> {
  const params = new URLSearchParams({
    query: expr,
    start: String(startMillis / 1000),
    end: String(endMillis / 1000),
    step: String(stepSeconds),
  });
  return call<QueryData>('/api/v1/query_range', thanosParams(params, options), signal);
}

export function queryInstant(
  expr: string,
  timeMillis: number,
  options: ThanosOptions,
  signal?: AbortSignal,
): Promise<ApiAnswer<QueryData>> {
  const params = new URLSearchParams({ query: expr, time: String(timeMillis / 1000) });
  return call<QueryData>('/api/v1/query', thanosParams(params, options), signal);
}

export function stores(signal?: AbortSignal): Promise<ApiAnswer<StoresByType>> {
  return call<StoresByType>('/api/v1/stores', null, signal);
}

/** The server's flags (names without dashes, values as strings), or an empty map if it has none. */
export async function flags(): Promise<Record<string, string>> {
  try {
    return (await call<Record<string, string>>('/api/v1/status/flags', null)).data ?? {};
  } catch {
    return {};
  }
}
