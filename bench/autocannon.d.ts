// The parts of autocannon's API that the benchmarks use (the package ships no types).
declare module "autocannon" {
  import type { EventEmitter } from "node:events";

  export interface Request {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: string;
  }
  export type Context = Record<string, unknown>;
  export interface RequestSpec extends Request {
    setupRequest?: (request: Request, context: Context) => Request;
    onResponse?: (status: number, body: string, context: Context) => void;
  }
  export interface Options {
    url: string;
    headers?: Record<string, string>;
    connections?: number;
    duration?: number;
    timeout?: number;
    requests?: RequestSpec[];
  }
  export interface Result {
    errors: number;
    timeouts: number;
    non2xx: number;
    requests: { total: number };
    /** Bytes per second. */
    throughput: { average: number };
  }
  export interface Instance extends EventEmitter, PromiseLike<Result> {
    stop(): void;
  }
  export default function autocannon(options: Options): Instance;
}
