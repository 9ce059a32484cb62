/**
 * Appends every item of `items` to `target`. `target.push(...items)` passes each item as a call
 * argument, and V8 refuses more than ~120 000 of them (RangeError): a chart of 140 000 small
 * resources is large but legal input, so lists of resources are never spread.
 */
export function appendAll<T>(target: T[], items: Iterable<T>): T[] {
  for (const item of items) target.push(item);
  return target;
}
