/**
 * The text progress bar commands draw on stderr (`[#########.....................]`), so every
 * long-running command (backfill, resync) shows progress the same way. `fraction` is clamped to 0..1.
 */
export function progressBar(fraction: number, width = 30): string {
  const done = Math.round(Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0)) * width)
  return `[${'#'.repeat(done)}${'.'.repeat(width - done)}]`
}
