// Date/time constructors, Today/Now and component extraction (cql-execution elm/datetime.js).
import type { NodeCompiler } from '../compile-context.js';
import { cql } from '../cql-lib.js';
import type { Expr } from '../types.js';
import { precisionMethod } from './precision.js';

const DATETIME_FIELDS = ['year', 'month', 'day', 'hour', 'minute', 'second', 'millisecond', 'timezoneOffset'] as const;

const dateTime: NodeCompiler = (node, c) => {
  // A missing offset is the evaluation's (cql-execution: the context's timezone offset).
  const parts: (Expr | 'offset' | undefined)[] = DATETIME_FIELDS.map((p) => (node[p] != null ? c.compile(node[p]) : p === 'timezoneOffset' ? 'offset' : undefined));
  return (rt, f) => {
    const args = parts.map((p) => (p === 'offset' ? rt.executionDateTime.timezoneOffset : p ? p(rt, f) : undefined));
    return new cql.DateTime(...args);
  };
};

const date: NodeCompiler = (node, c) => {
  const parts = ['year', 'month', 'day'].map((p) => (node[p] != null ? c.compile(node[p]) : undefined));
  return (rt, f) => new cql.Date(...parts.map((p) => (p ? p(rt, f) : undefined)));
};

const time: NodeCompiler = (node, c) => {
  const parts = ['hour', 'minute', 'second', 'millisecond'].map((p) => (node[p] != null ? c.compile(node[p]) : undefined));
  return (rt, f) => new cql.DateTime(0, 1, 1, ...parts.map((p) => (p ? p(rt, f) : undefined))).getTime();
};

const today: NodeCompiler = () => (rt) => rt.executionDateTime.getDate();
const now: NodeCompiler = () => (rt) => rt.executionDateTime;
const timeOfDay: NodeCompiler = () => (rt) => rt.executionDateTime.getTime();

function fromOperand(compute: (v: any) => any): NodeCompiler {
  return (node, c) => {
    const a = c.operand(node);
    return (rt, f) => {
      const v = a(rt, f);
      return v != null ? compute(v) : null;
    };
  };
}

const componentFrom: NodeCompiler = (node, c) => {
  const a = c.operand(node);
  const field = String(node.precision).toLowerCase();
  return (rt, f) => {
    const v = a(rt, f);
    return v != null ? v[field] : null;
  };
};

/** An uncertainty that is one value is that value, as cql-execution's DifferenceBetween/DurationBetween return it. */
const between = (method: 'differenceBetween' | 'durationBetween') =>
  precisionMethod(method, { onlyBetweenPeers: true, shape: (result) => (result != null && result.isPoint() ? result.low : result) });

export const dateTimeCompilers: [string, NodeCompiler][] = [
  ['DateTime', dateTime],
  ['Date', date],
  ['Time', time],
  ['Today', today],
  ['Now', now],
  ['TimeOfDay', timeOfDay],
  ['DateTimeComponentFrom', componentFrom],
  ['DateFrom', fromOperand((v) => v.getDate())],
  ['TimeFrom', fromOperand((v) => v.getTime())],
  ['TimezoneOffsetFrom', fromOperand((v) => v.timezoneOffset)],
  ['DifferenceBetween', between('differenceBetween')],
  ['DurationBetween', between('durationBetween')],
];
