/**
 * Wraps a pure function of a string so that its last `size` results are kept, keyed by the string
 * itself (V8 keeps a string's hash, so a repeated long description is not hashed again). The HTML
 * conversions use it: one description is converted for several targets and both manifests, and a
 * configurable's children map their parent's one after another.
 */
export function keepRecent<T>(compute: (key: string) => T, size = 8): (key: string) => T {
  const recent = new Map<string, T>()
  return (key) => {
    let value = recent.get(key)
    if (value === undefined) {
      value = compute(key)
      if (recent.size >= size) recent.delete(recent.keys().next().value!)
      recent.set(key, value)
    }
    return value
  }
}
