/**
 * CDS Hooks 2.0 "Null and empty JSON elements": no member may be null, "", [] or {} unless the
 * spec says so (the response's empty `cards` array). Returns the offending paths.
 */
export function findNullOrEmpty(
  value: unknown,
  path = '$',
  allowEmpty: readonly string[] = ['$.cards'],
): string[] {
  if (value === null) return [path];
  if (typeof value === 'string') return value === '' ? [path] : [];
  if (Array.isArray(value)) {
    if (value.length === 0 && !allowEmpty.includes(path)) return [path];
    return value.flatMap((v, i) => findNullOrEmpty(v, `${path}[${i}]`, allowEmpty));
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return [path];
    return entries.flatMap(([k, v]) => findNullOrEmpty(v, `${path}.${k}`, allowEmpty));
  }
  return [];
}
