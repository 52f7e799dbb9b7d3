// Types of the entracheck package (index.js).

/** The events that take a REST response, as the sign-in log spells them. */
export type EventName =
  | 'tokenIssuanceStart'
  | 'attributeCollectionStart'
  | 'attributeCollectionSubmit'
  | 'emailOtpSend'
  | 'passwordSubmit'
  | 'verifiedIdClaimValidation';

export type Transport = 'completed' | 'timed-out' | 'connection-failed';

/** Bytes as sent: a string is encoded as UTF-8. */
export type Bytes = string | Uint8Array | ArrayBuffer | ArrayBufferView;

/** Header name to value (an array for a repeated header), [name, value] pairs, or a fetch Headers / Map. */
export type HeadersInput =
  | Record<string, string | number | readonly string[] | undefined>
  | ReadonlyArray<readonly [string, string]>
  | { forEach(callback: (value: string, name: string) => void): void; get(name: string): string | null | undefined };

/** The limits and switches of the check (the CLI's options). */
export interface CheckOptions {
  /** The event that called the API; omitted: inferred from data.@odata.type. */
  event?: EventName;
  /** How long the API took; more than timeoutMs is 1003005. */
  elapsedMs?: number;
  /** Defaults to 'completed'. */
  transport?: Transport;
  /** The extension's timeoutInMilliseconds, 200..2000 (default 1000). */
  timeoutMs?: number;
  /** The nonce Entra sent a passwordSubmit API; data.nonce must equal it. */
  nonce?: string;
  maxResponseBytes?: number;
  maxClaimsBytes?: number;
  /** [policy] rules to switch off, e.g. 'claims.value-type'. */
  relax?: string | readonly string[];
  /** The verdict's `file` key; omitted: null. */
  file?: string;
}

export interface CheckInput extends CheckOptions {
  /** The HTTP status; may be omitted when transport is not 'completed'. */
  status?: number;
  /** The reason phrase ('Internal Server Error'), shown in the verdict's observed value. */
  statusText?: string;
  headers?: HeadersInput;
  body?: Bytes | null;
}

export interface Warning {
  rule: string;
  pointer: string | null;
  message: string;
}

/** Exactly one element of `entracheck check --json`. */
export interface Verdict {
  file: string | null;
  /** null when no event was given or inferred and the verdict is the same for every event. */
  event: EventName | null;
  verdict: 'accepted' | 'rejected';
  /** The 1003xxx code; null when accepted. */
  code: number | null;
  /** Microsoft's name of the code, e.g. 'CustomExtensionInvalidResponseBody'; null when accepted. */
  name: string | null;
  /** The rule that fired, e.g. 'claims.value-type'; 'accepted' when accepted. */
  rule: string;
  basis: 'doc' | 'ms-code' | 'field' | 'policy';
  /** JSON Pointer of the fault, when it has a place in the body. */
  pointer: string | null;
  /** UTF-8 byte offset of the fault in the body (not a JavaScript string index). */
  offset: number | null;
  /** What was seen, e.g. 'status 500 Internal Server Error' or 'claims 3,200 bytes > limit 3,072';
   * null when accepted and for the few rules whose message says it all. */
  observed: string | null;
  message: string;
  warnings: Warning[];
  /** Only from `entracheck check --all --json`: the further failing rules, in precedence order. */
  also?: FurtherRule[];
}

/** One further failing rule of `check --all --json`. */
export interface FurtherRule {
  code: number;
  name: string;
  rule: string;
  basis: 'doc' | 'ms-code' | 'field' | 'policy';
  pointer: string | null;
  offset: number | null;
  message: string;
  observed: string | null;
}

export interface ParsedResponse {
  version: string;
  status: number;
  reason: string;
  headers: Array<[string, string]>;
  body: Uint8Array;
  bodyOffset: number;
  contentLengthMismatch: boolean;
}

export interface EventInfo {
  name: EventName;
  responseType: string;
  status: string;
}

/** An input the engine refuses: unknown event, unusable options, unparsable raw response, event not inferable. */
export class EntracheckError extends Error {}

/** The verdict Entra would reach for a response given by its parts. Throws EntracheckError or TypeError on bad input. */
export function check(input: CheckInput): Verdict;
/** The verdict for a raw response as `curl -si` prints it, read as `entracheck check FILE` reads one. */
export function checkRaw(raw: Bytes, options?: CheckOptions): Verdict;
/** Splits a raw response with the library's HTTP parser. */
export function parseRaw(raw: Bytes): ParsedResponse;
export function events(): EventInfo[];
/** One line: "rejected CODE NAME (rule R, pointer P, offset N): message" or "accepted". */
export function describe(verdict: Verdict): string;

/** The check input for a fetch Response (consumes its body). */
export function fromFetch(response: Response, options?: CheckOptions): Promise<CheckInput>;
/** The check input for a supertest/superagent response (duck-typed: status, headers, text or body). */
export function fromSupertest(
  res: { status: number; headers: Record<string, string | string[] | undefined>; text?: string; body?: unknown },
  options?: CheckOptions,
): CheckInput;
export function checkFetch(response: Response, options?: CheckOptions): Promise<Verdict>;
export function checkSupertest(res: Parameters<typeof fromSupertest>[0], options?: CheckOptions): Verdict;

/** Throws an AssertionError naming code, rule, pointer and message unless Entra accepts. Returns the verdict. */
export function assertAccepted(subject: Verdict | CheckInput): Verdict;
/** Throws an AssertionError unless Entra rejects with `code` (and by `rule`, when given). Returns the verdict. */
export function assertRejected(subject: Verdict | CheckInput, code?: number, rule?: string): Verdict;
