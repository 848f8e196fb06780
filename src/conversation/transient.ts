// Database errors worth retrying a whole turn for: MongoDB reports retryable conditions with labels, and a
// dropped connection as a network error.
export function isTransientDatabaseError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { message?: string; errmsg?: string; errorLabels?: string[]; errorLabelSet?: Set<string>; name?: string };
  const labels = e.errorLabelSet ? [...e.errorLabelSet] : (e.errorLabels ?? []);
  return labels.includes('TransientTransactionError') || labels.includes('RetryableWriteError') || e.name === 'MongoNetworkError';
}

/** Runs `work`, retrying transient database errors a few times with a growing, jittered pause. */
export async function retryTransient<T>(work: () => Promise<T>, attempts = 6): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= attempts || !isTransientDatabaseError(error)) throw error;
      await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 25 * attempt) + 5 * attempt));
    }
  }
}
