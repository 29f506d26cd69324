// The answers of the console's download routes: a refusal in one sentence, or a CSV file.

/** A refusal or a bad request, as one plain sentence (never an HTML error page, never a 500). */
export function plainTextProblem(status: number, message: string): Response {
  return new Response(`${message}\n`, { status, headers: { "content-type": "text/plain; charset=utf-8" } });
}

/** A CSV file to save under `fileName`, never cached (it holds people's data). */
export function csvDownload(body: BodyInit, fileName: string): Response {
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${fileName}"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}

/**
 * A body that reads its chunks as the client takes them: the next batch is only read from the
 * database when the client has taken the last (memory stays flat), and a client that goes away
 * stops the reading.
 */
export function pulledStream(chunks: AsyncGenerator<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await chunks.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      } catch (error) {
        controller.error(error);
      }
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}
