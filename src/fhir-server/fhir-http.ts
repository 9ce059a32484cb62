import express, { type Request, type RequestHandler, type Response } from 'express';
import type { Resource } from 'fhir/r4';
import type { ProblemCode } from '../domain/errors.js';
import { HttpProblem } from '../cds-hooks/http-problem.js';

/** Every answer of the /fhir endpoint, errors included, carries this content type. */
export const FHIR_JSON = 'application/fhir+json; charset=utf-8';

/** `_format` values meaning JSON (FHIR R4 http.html#mime-type). */
const JSON_FORMATS = new Set(['json', 'application/json', 'application/fhir+json']);

export function sendResource(res: Response, status: number, resource: Resource): void {
  res.status(status).setHeader('Content-Type', FHIR_JSON);
  res.send(JSON.stringify(resource));
}

/** A 4xx answer carrying one OperationOutcome issue. */
export function problem(
  status: number,
  code: ProblemCode | 'not-supported',
  text: string,
  headers: Record<string, string> = {},
): HttpProblem {
  return new HttpProblem(status, [{ code, text }], headers);
}

/** JSON bodies under either FHIR's or the generic JSON media type; anything else stays unparsed. */
export function fhirBodyParser(limit: string): RequestHandler {
  const parse = express.json({ limit, type: ['application/json', 'application/fhir+json'] });
  return (req, res, next) =>
    parse(req, res, (error?: unknown) => {
      if (error) return next(error);
      // FHIR resources nest a few dozen levels at most; a body nested thousands deep would only
      // overflow the stack later (when a result echoing it is serialised): refuse it now.
      if (depthOf(req.body, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
        return next(problem(400, 'structure', `the request body nests deeper than ${MAX_JSON_DEPTH} levels`));
      }
      next();
    });
}

const MAX_JSON_DEPTH = 100;

/** Depth of a parsed JSON value, walked iteratively; stops counting once past `cap`. */
function depthOf(value: unknown, cap: number): number {
  let deepest = 0;
  const pending: [unknown, number][] = [[value, 1]];
  while (pending.length) {
    const [node, depth] = pending.pop()!;
    if (!node || typeof node !== 'object') continue;
    deepest = Math.max(deepest, depth);
    if (deepest > cap) return deepest;
    for (const child of Object.values(node)) if (child && typeof child === 'object') pending.push([child, depth + 1]);
  }
  return deepest;
}

/** `_format` may only ask for JSON: this endpoint speaks nothing else. */
export function checkFormat(): RequestHandler {
  return (req, _res, next) => {
    const format = req.query._format;
    if (
      format === undefined ||
      (typeof format === 'string' && JSON_FORMATS.has(format.split(';')[0]!.trim()))
    ) {
      next();
      return;
    }
    next(
      problem(
        406,
        'not-supported',
        `_format ${JSON.stringify(format)} is not supported: this endpoint serves JSON only (_format=json)`,
      ),
    );
  };
}

/** The parsed JSON body of a POST; a missing or non-JSON body is refused with the media types accepted. */
export function jsonBody(req: Request): unknown {
  const type = req.headers['content-type'];
  if (!type || req.body === undefined) {
    throw problem(
      415,
      'not-supported',
      `send the request body as application/fhir+json or application/json${type ? ` (got ${type})` : ''}`,
    );
  }
  return req.body;
}

/**
 * The absolute base of this endpoint (e.g. `https://host/fhir`): the configured one when set, else
 * the host the request was addressed to plus the path the router is mounted at.
 */
export function endpointBase(req: Request, baseUrl: string | undefined): string {
  if (baseUrl) return baseUrl.replace(/\/+$/, '');
  return `${req.protocol}://${req.get('host') ?? 'localhost'}${req.baseUrl}`;
}

/** Query parameters as name → every value given (express gives a string or an array of strings). */
export function queryValues(req: Request): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [name, value] of Object.entries(req.query)) {
    const values = Array.isArray(value) ? value : [value];
    out.set(
      name,
      values.filter((v): v is string => typeof v === 'string'),
    );
  }
  return out;
}
