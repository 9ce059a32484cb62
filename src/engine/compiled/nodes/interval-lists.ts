// collapse and expand over lists of intervals. cql-execution 3.3.2 keeps these two algorithms
// (lib/elm/interval.js: collapseIntervals, intervalListType, Expand.exec) private to its async
// operator classes, so they are followed here step by step (Apache-2.0, © the cql-execution
// authors); the per-interval expansion itself is cql-execution's own (Expand.prototype methods).
import { intervalOps, quantityLib } from '../cql-lib.js';
import { appendAll } from '../../../domain/append-all.js';

const expandMethods = intervalOps.Expand.prototype;

type ListType = null | 'time' | 'date' | 'datetime' | 'quantity' | 'integer' | 'decimal' | 'mismatch';

function classify(low: any, high: any): Exclude<ListType, null | 'mismatch'> | 'mismatch' {
  if (low.isTime && low.isTime() && high.isTime && high.isTime()) return 'time';
  if ((low.isDateTime || high.isDateTime) && (low.isDateTime || low.isDate) && (high.isDateTime || high.isDate)) return 'datetime';
  if (low.isDate && high.isDate) return 'date';
  if (low.isQuantity && high.isQuantity) return 'quantity';
  if (Number.isInteger(low) && Number.isInteger(high)) return 'integer';
  if (typeof low === 'number' && typeof high === 'number') return 'decimal';
  return 'mismatch';
}

/** The point type of a list of intervals (date + datetime → datetime, integer + decimal → decimal). */
function intervalListType(intervals: any[]): ListType {
  let type: ListType = null;
  for (const itvl of intervals) {
    if (itvl == null || (itvl.low == null && itvl.high == null)) continue;
    const low = itvl.low != null ? itvl.low : itvl.high;
    const high = itvl.high != null ? itvl.high : itvl.low;
    const kind = classify(low, high);
    if (kind === 'mismatch') return 'mismatch';
    if (type == null) type = kind;
    else if (type === kind) continue;
    else if (kind === 'datetime' && type === 'date') type = 'datetime';
    else if (kind === 'date' && type === 'datetime') continue;
    else if (kind === 'decimal' && type === 'integer') type = 'decimal';
    else if (kind === 'integer' && type === 'decimal') continue;
    else return 'mismatch';
  }
  return type;
}

function compareByStart(a: any, b: any): number {
  if (a.low && typeof a.low.before === 'function') {
    if (b.low != null && a.low.before(b.low)) return -1;
    if (b.low == null || a.low.after(b.low)) return 1;
  } else if (a.low != null && b.low != null) {
    if (a.low < b.low) return -1;
    if (a.low > b.low) return 1;
  } else if (a.low != null && b.low == null) {
    return 1;
  } else if (a.low == null && b.low != null) {
    return -1;
  }
  if (a.high && typeof a.high.before === 'function') {
    if (b.high == null || a.high.before(b.high)) return -1;
    if (a.high.after(b.high)) return 1;
  } else if (a.high != null && b.high != null) {
    if (a.high < b.high) return -1;
    if (a.high > b.high) return 1;
  } else if (a.high != null && b.high == null) {
    return -1;
  } else if (a.high == null && b.high != null) {
    return 1;
  }
  return 0;
}

/** Whether interval b (later start) joins interval a (extending a when it does). */
function joins(a: any, b: any, perWidth: any): boolean {
  if (b.low && typeof b.low.durationBetween === 'function') {
    if (a.high != null ? a.high.sameOrAfter(b.low) : undefined) {
      if (b.high == null || b.high.after(a.high)) a.high = b.high;
      return true;
    }
    if ((a.high != null ? a.high.durationBetween(b.low, perWidth.unit).high : undefined) <= perWidth.value) {
      a.high = b.high;
      return true;
    }
    return false;
  }
  if (b.low && typeof b.low.sameOrBefore === 'function') {
    if (a.high != null && b.low.sameOrBefore(quantityLib.doAddition(a.high, perWidth))) {
      if (b.high == null || b.high.after(a.high)) a.high = b.high;
      return true;
    }
    return false;
  }
  if (b.low - a.high <= perWidth.value) {
    if (b.high > a.high || b.high == null) a.high = b.high;
    return true;
  }
  return false;
}

export function collapseIntervals(intervals: any[] | null, perWidth: any): any[] | null {
  if (intervals == null) return null;
  const clones = intervals.filter((i) => i != null).map((i) => i.copy());
  if (clones.length <= 1) return clones;
  const width = perWidth == null ? clones[0].getPointSize() : perWidth;
  clones.sort(compareByStart);
  const collapsed: any[] = [];
  let a = clones.shift();
  let b = clones.shift();
  while (b) {
    if (!joins(a, b, width)) {
      collapsed.push(a);
      a = b;
    }
    b = clones.shift();
  }
  collapsed.push(a);
  return collapsed;
}

export function expandIntervals(input: any, perInput: any): any[] | null {
  let per = perInput;
  const intervals0 = Array.isArray(input) ? input : [input];
  const type = intervalListType(intervals0);
  if (type === 'mismatch') throw new Error('List of intervals contains mismatched types.');
  if (type == null) return null;
  const intervals = collapseIntervals(intervals0, per)!;
  if (intervals.length === 0) return [];
  let expandOne: (interval: any, per: any) => any;
  let defaultPer: (interval: any) => any;
  if (type === 'time' || type === 'date' || type === 'datetime') {
    expandOne = (i, p) => expandMethods.expandDTishInterval.call(expandMethods, i, p);
    defaultPer = (i) => new quantityLib.Quantity(1, i.low.getPrecision());
  } else if (type === 'quantity') {
    expandOne = (i, p) => expandMethods.expandQuantityInterval.call(expandMethods, i, p);
    defaultPer = (i) => new quantityLib.Quantity(1, i.low.unit);
  } else {
    expandOne = (i, p) => expandMethods.expandNumericInterval.call(expandMethods, i, p);
    defaultPer = () => new quantityLib.Quantity(1, '1');
  }
  const results: any[] = [];
  for (const interval of intervals) {
    if (interval == null) continue;
    if (interval.low == null || interval.high == null) return null;
    if (type === 'datetime') {
      interval.low = interval.low.getDateTime();
      interval.high = interval.high.getDateTime();
    }
    per = per != null ? per : defaultPer(interval);
    const items = expandOne(interval, per);
    if (items === null) return null;
    appendAll(results, items || []);
  }
  return results;
}
