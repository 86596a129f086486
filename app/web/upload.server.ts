// Reading a file upload (multipart/form-data) with a size limit.
//
// Remix's own multipart parser (@web3-storage/multipart-parser) splits the part
// header on every ";" and "=", so a file named `sales=2026.csv` or `a;b.csv`
// makes it throw (a 500). The runtime's Request.formData() reads the header as
// RFC 7578 says; it buffers the body, so the body is counted on the way in and
// cut off past the limit (Content-Length is checked first, but a chunked body
// has none).

/** The body was larger than the limit: nothing more of it is read. */
export class UploadTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`Upload larger than ${limit} bytes.`);
    this.name = "UploadTooLargeError";
  }
}

/** The body is not a readable multipart form (no boundary, cut short, not multipart at all). */
export class UploadMalformedError extends Error {
  constructor(cause: unknown) {
    super(`Upload not readable as a form: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = "UploadMalformedError";
  }
}

/** The request's form, refusing a body of more than `maxBytes` (UploadTooLargeError) before reading it all. */
export async function readUploadForm(request: Request, maxBytes: number): Promise<FormData> {
  const declared = Number(request.headers.get("Content-Length") ?? 0);
  if (declared > maxBytes) throw new UploadTooLargeError(maxBytes);
  if (!request.body) return new FormData();
  let seen = 0;
  const limited = request.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.byteLength;
        if (seen > maxBytes) controller.error(new UploadTooLargeError(maxBytes));
        else controller.enqueue(chunk);
      },
    }),
  );
  const headers = new Headers();
  const type = request.headers.get("Content-Type");
  if (type) headers.set("Content-Type", type);
  try {
    return await new Request("http://upload.invalid/", { method: "POST", body: limited, headers, duplex: "half" } as RequestInit).formData();
  } catch (error) {
    if (seen > maxBytes) throw new UploadTooLargeError(maxBytes);
    throw new UploadMalformedError(error);
  }
}
