// autocannon 8 ships no types; only what bench:api uses.
declare module 'autocannon' {
  type Histogram = Readonly<{
    average: number;
    mean: number;
    p50: number;
    p90: number;
    p99: number;
    max: number;
    total: number;
  }>;
  export type Options = Readonly<{
    url: string;
    connections?: number;
    duration?: number;
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    timeout?: number;
    verifyBody?: (body: string) => boolean;
  }>;
  export type Result = Readonly<{
    requests: Histogram;
    latency: Histogram;
    duration: number;
    errors: number;
    timeouts: number;
    mismatches: number;
    non2xx: number;
    '2xx': number;
  }>;
  export type Instance = PromiseLike<Result> & { stop: () => void };
  const autocannon: (options: Options) => Instance;
  export default autocannon;
}
