// The answers of the console's download routes: a refusal in one sentence, or a CSV file.

/** A refusal or a bad request, as one plain sentence (never an HTML error page, never a 500). */
export function plainTextProblem(status: number, message: string): Response {
  return new Response(`${message}\n`, { status, headers: { "content-type": "text/plain; charset=utf-8" } });
}

/**
 * A CSV file to save under `fileName`, never cached (it holds people's data), and sent as it is
 * streamed: no-transform keeps `next start` from gzipping it, which cost more CPU than PostgreSQL
 * spent producing the file (100,000 accounts: 11 MB, on the server and again in the client).
 */
export function csvDownload(body: BodyInit, fileName: string): Response {
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${fileName}"`,
      "cache-control": "no-store, no-transform",
      "x-content-type-options": "nosniff",
    },
  });
}

/**
 * A body that reads its chunks as the client takes them: the next batch is only read from the
 * database when the client has taken the last (memory stays flat), and a client that goes away
 * stops the reading.
 */
export function pulledStream(chunks: AsyncGenerator<string | Uint8Array>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await chunks.next();
        if (next.done) controller.close();
        else controller.enqueue(typeof next.value === "string" ? encoder.encode(next.value) : next.value);
      } catch (error) {
        controller.error(error);
      }
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}
