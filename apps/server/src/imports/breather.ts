// A long import runs in a server process that must keep answering other requests. Its database calls resolve at
// once (better-sqlite3 is synchronous), so without help the whole import would run as one unbroken chain of
// promise callbacks and nothing else would get a turn. A breather lets the event loop run pending work whenever
// the computation has held it for a slice of time.

/** Returns a function to call often in a long loop: it answers a promise to await once the slice is used up. */
export function breather(sliceMs = 15): () => Promise<void> | undefined {
  let since = performance.now();
  return () => {
    const now = performance.now();
    if (now - since < sliceMs) return undefined;
    return new Promise<void>((resolve) =>
      setImmediate(() => {
        since = performance.now();
        resolve();
      }),
    );
  };
}
