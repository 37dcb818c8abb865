/**
 * A CSV download as a byte stream: the header, then a line per row, each row read when the client is ready for it
 * (the stream's pull), so a file of any length never sits in the studio's memory. The first row is read before
 * anything is sent: a source that fails at once gets a proper error response. One that fails later errors the
 * stream, and the HTTP server drops the connection, so the client's download fails instead of ending as if the file
 * were whole (a truncated audit export that looks complete would be worse than none).
 */
export async function csvStream<T>(writer: { header: string; line: (row: T) => string }, rows: AsyncGenerator<T>): Promise<ReadableStream<Uint8Array>> {
  const encoder = new TextEncoder();
  let first: IteratorResult<T> | undefined = await rows.next();
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(writer.header));
    },
    async pull(controller) {
      const r = first ?? (await rows.next());
      first = undefined;
      if (r.done) controller.close();
      else controller.enqueue(encoder.encode(writer.line(r.value)));
    },
    async cancel() {
      await rows.return(undefined);
    },
  });
}
