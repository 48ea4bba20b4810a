import v8 from "node:v8";
import vm from "node:vm";

/**
 * Letting go of a phase's garbage before the next phase starts, on large runs.
 *
 * Why: V8 sizes the old generation's next limit from what was live at its last full collection,
 * times a growing factor of up to 4. On a large tree the last full collection before the walk ends
 * sees about 55 MB live, so the next one waits until the heap holds about 215 MB: the walk's records
 * plus every syntax tree a scavenge promoted while its file was being walked (dead by then). Cross-file
 * resolution then allocates on top of that. One full collection between the walk and resolution
 * drops the dead trees first: measured on vercel/ai (6,285 files), peak RSS 355–380 MB without it,
 * 318–330 MB with it, for one collection V8 would have run during resolution anyway.
 *
 * How: a full collection can be asked for only through `gc`, which V8 gives to contexts created while
 * `--expose-gc` is set. The flag is set, one empty context is made to get its `gc`, and the flag is
 * cleared again, so no other context (psf makes none) ever sees it. This is the way Jest's leak
 * detector asks for a collection. Were it ever refused (a V8 that does not take the flag at run time),
 * psf goes on without it: memory, not results, depends on it.
 */
let fullCollection: (() => void) | null | undefined;

function collector(): (() => void) | null {
  if (fullCollection !== undefined) return fullCollection;
  try {
    v8.setFlagsFromString("--expose-gc");
    const gc: unknown = vm.runInNewContext("typeof gc === 'function' ? gc : undefined");
    fullCollection = typeof gc === "function" ? (gc as () => void) : null;
  } catch {
    fullCollection = null;
  } finally {
    v8.setFlagsFromString("--no-expose-gc");
  }
  return fullCollection;
}

/** Below this much heap in use, a run is small and a full collection would cost more than it frees. */
const WORTH_IT_BYTES = 96 * 1024 * 1024;

/**
 * Ask V8 for a full collection when the heap is large (a phase of a big run has just left its garbage
 * behind); on a small run (less than `minHeapBytes` in use), nothing. Returns whether a collection ran.
 */
export function releasePhaseGarbage(minHeapBytes = WORTH_IT_BYTES): boolean {
  if (v8.getHeapStatistics().used_heap_size < minHeapBytes) return false;
  const gc = collector();
  if (!gc) return false;
  gc();
  return true;
}

/**
 * Source bytes walked in a run (not read from the facts cache) below which there are too few dead
 * syntax trees for a full collection before resolution to pay. A cold run large enough for the
 * collection (96 MB of heap) walks far more: the generated 1,000-file bench tree is 4.5 MB.
 */
const WALKED_FOR_COLLECTION = 2 * 1024 * 1024;

/**
 * After the walk: a full collection when the walk parsed enough source to leave many dead trees. With
 * records from the cache there are hardly any, and the collection would only cost time (a quarter of a
 * second on vercel/ai with one file changed).
 */
export function releaseWalkGarbage(walkedBytes: number): boolean {
  return walkedBytes >= WALKED_FOR_COLLECTION && releasePhaseGarbage();
}
